package org.emotionlens.source.video.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens camera source", description = "Frames from a V4L2 camera via FFmpeg.")
public @interface CameraSourceConfig {
    @AttributeDefinition(description = "Camera: an index (0 -> /dev/video0) or a device path.")
    String device() default "0";

    @AttributeDefinition(description = "Requested width in pixels (0: the camera's default).")
    int width() default 0;

    @AttributeDefinition(description = "Requested height in pixels (0: the camera's default).")
    int height() default 0;

    @AttributeDefinition(description = "Requested frame rate (0: the camera's default).")
    double fps() default 0;

    @AttributeDefinition(description = "Seconds to wait for the camera to open.")
    int open_timeout_seconds() default 10;

    @AttributeDefinition(description = "Times to reopen a camera that disappeared or stopped delivering before the"
            + " stream fails (0: fail at once).")
    int retry_attempts() default 5;

    @AttributeDefinition(description = "Wait before the first reopen, in milliseconds; doubled on each attempt.")
    long retry_backoff_ms() default 500;
}
