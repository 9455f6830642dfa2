package org.emotionlens.filter.smoothing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens majority vote",
        description = "The most frequent label of a face over its last frames.")
public @interface MajorityConfig {
    @AttributeDefinition(description = "Window length in frames (the newest included).")
    int window() default 9;

    @AttributeDefinition(description = "Forget a track not seen for this many milliseconds (stream time).")
    long forget_after_ms() default 1000;
}
