package org.emotionlens.filter.smoothing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens label hysteresis",
        description = "Keeps a face's label until another label leads it by a margin for several frames in a row.")
public @interface HysteresisConfig {
    @AttributeDefinition(description = "How much more probable (absolute) the challenger must be than the held label.")
    double margin() default 0.15;

    @AttributeDefinition(description = "Consecutive frames the same challenger must lead by the margin to take over.")
    int frames() default 5;

    @AttributeDefinition(description = "Forget a track not seen for this many milliseconds (stream time).")
    long forget_after_ms() default 1000;
}
