package org.emotionlens.sink.csv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens prediction file sink",
        description = "Writes one line per face and frame: CSV with a header, or JSON lines.")
public @interface FileSinkConfig {
    @AttributeDefinition(description = "Output file; parent folders are created.")
    String path();

    @AttributeDefinition(description = "csv or jsonl; empty: from the file extension (.jsonl/.json -> jsonl).")
    String format() default "";

    @AttributeDefinition(description = "Also write the 52 blendshape scores of each face, when it has them.")
    boolean blendshapes() default false;

    @AttributeDefinition(description = "Write frames without faces too (one line with an empty face).")
    boolean empty_frames() default false;
}
