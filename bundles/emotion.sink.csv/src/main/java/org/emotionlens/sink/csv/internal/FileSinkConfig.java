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

    @AttributeDefinition(description = "What each line holds besides the frame, truth and label, comma-separated:"
            + " track, box, probabilities, blendshapes (52 scores), landmarks (478 x, y, z in pixels), pose (yaw,"
            + " pitch, roll in degrees and the 4 x 4 facial transformation matrix). Empty: track,box,probabilities.")
    String fields() default "";

    @AttributeDefinition(description = "Also write the 52 blendshape scores of each face (same as adding blendshapes"
            + " to fields).")
    boolean blendshapes() default false;

    @AttributeDefinition(description = "Write frames without faces too (one line with an empty face).")
    boolean empty_frames() default false;
}
