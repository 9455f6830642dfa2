package org.emotionlens.api;

import java.util.List;
import java.util.Objects;

/**
 * Named, ordered features of one face.
 *
 * @param kind   what the features are, e.g. {@code blendshapes}, {@code landmarks}
 * @param names  one name per value, in order
 * @param values the values
 */
public record FeatureVector(String kind, List<String> names, float[] values) {
    public FeatureVector {
        Objects.requireNonNull(kind, "kind");
        names = List.copyOf(names);
        if (names.size() != values.length) {
            throw new IllegalArgumentException(kind + ": " + names.size() + " names for " + values.length + " values");
        }
    }

    public int size() {
        return values.length;
    }
}
