package org.emotionlens.source.csv.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens blendshape CSV source",
        description = "Replays each row of a blendshape CSV as a frame with one face.")
public @interface CsvSourceConfig {
    @AttributeDefinition(description = "The CSV file.")
    String path();

    @AttributeDefinition(description = "Data rows to skip at the start (the paper's notebook skipped 1 row of its"
            + " test file, so its figures are on the last 1646 rows).")
    int skip_rows() default 0;

    @AttributeDefinition(description = "What to do with a malformed row (wrong column count, a score that is not a"
            + " number or is outside 0..1, an unknown label): fail (the run fails naming file:line) or skip (warn"
            + " with file:line and go on; a file without any usable row still fails).")
    String on_bad_row() default "fail";

    @AttributeDefinition(description = "Rows per second of replay time, for frame timestamps.")
    double fps() default 30.0;

    @AttributeDefinition(description = "Stop after this many rows (0: all).")
    long limit() default 0;
}
