package org.emotionlens.source.fanout.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens fan-out source",
        description = "One decoding of an upstream source, shared by a fixed number of pipelines.")
public @interface FanOutConfig {
    @AttributeDefinition(description = "Name the consuming pipelines select with source.target=(emotion.source.name=<name>).")
    String emotion_source_name();

    @AttributeDefinition(description = "How many pipelines consume it; decoding starts when all have opened it.")
    int consumers();

    @AttributeDefinition(description = "Frames buffered per consumer; a full buffer holds the decoder back.")
    int queue() default 16;

    @AttributeDefinition(description = "Seconds to wait for all consumers to open before starting without them.")
    int open_wait_seconds() default 60;

    String upstream_target() default "(!(emotion.source.type=fanout))";
}
