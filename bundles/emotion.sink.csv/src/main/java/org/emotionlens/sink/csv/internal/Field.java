package org.emotionlens.sink.csv.internal;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What the file sink can write per face besides the frame, the truth and the predicted label. */
enum Field {
    /** The face's track id (column {@code face}). */
    TRACK,
    /** The face box, normalised to the image. */
    BOX,
    /** One probability per class. */
    PROBABILITIES,
    /** The 52 blendshape scores. */
    BLENDSHAPES,
    /** The 478 landmarks in pixels. */
    LANDMARKS,
    /** Yaw, pitch, roll and the 4 x 4 facial transformation matrix. */
    POSE;

    /** Today's layout, when the configuration names no fields. */
    static final Set<Field> DEFAULT = EnumSet.of(TRACK, BOX, PROBABILITIES);

    /** The fields of a {@code fields} setting (comma-separated names; empty: {@link #DEFAULT}). */
    static Set<Field> parse(String fields, boolean blendshapes) {
        Set<Field> out = EnumSet.noneOf(Field.class);
        if (fields == null || fields.isBlank()) {
            out.addAll(DEFAULT);
        } else {
            for (String name : fields.split(",")) {
                String n = name.trim().toUpperCase(Locale.ROOT);
                if (n.isEmpty()) {
                    continue;
                }
                try {
                    out.add(Field.valueOf(n));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("sink setting fields names '" + name.trim() + "', which is"
                            + " not one of " + names() + "; e.g. --set fields=" + names());
                }
            }
        }
        if (blendshapes) {
            out.add(BLENDSHAPES);
        }
        return out;
    }

    static String names() {
        return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }
}
