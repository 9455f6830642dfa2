package org.emotionlens.source.video.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens video source",
        description = "Frames from a video file or a network stream URL (rtsp, rtmp, http, https, udp, tcp) via FFmpeg.")
public @interface VideoSourceConfig {
    @AttributeDefinition(description = "A video file (mp4, mkv, avi, webm, gif, ...) or a stream URL.")
    String path();

    @AttributeDefinition(description = "Seconds to wait for the input to open (probe included) before giving up.")
    int open_timeout_seconds() default 15;

    @AttributeDefinition(description = "Seconds a network read may stall before the stream counts as lost.")
    int read_timeout_seconds() default 5;

    @AttributeDefinition(description = "Whether the source is live: auto (network URLs are live, files are not),"
            + " true or false.")
    String live() default "auto";
}
