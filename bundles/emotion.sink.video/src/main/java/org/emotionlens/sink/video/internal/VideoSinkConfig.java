package org.emotionlens.sink.video.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens annotated video sink",
        description = "One annotated MP4 per pipeline: face boxes, labels with probabilities, probability bars.")
public @interface VideoSinkConfig {
    @AttributeDefinition(description = "Output folder; each pipeline writes <dir>/<pipeline id>.mp4 (created).")
    String dir();

    @AttributeDefinition(description = "Video codec: auto (H.264 when this FFmpeg build has an encoder, else"
            + " MPEG-4 part 2), h264 or mpeg4.")
    String codec() default "auto";

    @AttributeDefinition(description = "Frame rate of the file (0: from the source's first two timestamps)."
            + " Frames keep their source timestamps at this resolution.")
    double fps() default 0;

    @AttributeDefinition(description = "Video bit rate in bits per second.")
    int bitrate() default 4_000_000;

    @AttributeDefinition(description = "Draw the 478 face landmarks as dots.")
    boolean landmarks() default false;

    @AttributeDefinition(description = "Draw a small probability bar per class under each face.")
    boolean bars() default true;
}
