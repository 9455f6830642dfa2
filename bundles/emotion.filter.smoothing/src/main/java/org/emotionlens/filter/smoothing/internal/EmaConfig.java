package org.emotionlens.filter.smoothing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens EMA smoothing",
        description = "Exponential moving average of each tracked face's class probabilities.")
public @interface EmaConfig {
    @AttributeDefinition(description = "Weight of the newest prediction, in (0, 1]; 1 is no smoothing. The time"
            + " constant is about 1/alpha frames.")
    double alpha() default 0.3;

    @AttributeDefinition(description = "Forget a track not seen for this many milliseconds (stream time).")
    long forget_after_ms() default 1000;
}
