package org.emotionlens.classifier.onnx.internal;

import org.emotionlens.api.FeatureVector;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the model's features, by name and in the model's order, out of an extractor's vector. A model trained on
 * a subset (e.g. the paper's 27 selected blendshapes) thus reads the full 52-score vector unchanged. The index
 * table is cached per name list, since a pipeline sends the same names every frame.
 */
final class FeatureMapping {
    private final String modelId;
    private final String kind;
    private final List<String> wanted;
    private volatile Cached cached;

    private record Cached(List<String> names, int[] index) {
    }

    FeatureMapping(String modelId, String kind, List<String> wanted) {
        this.modelId = modelId;
        this.kind = kind;
        this.wanted = List.copyOf(wanted);
    }

    /** Writes the model's features of {@code v} into {@code out} at {@code offset}. */
    void copy(FeatureVector v, float[] out, int offset) {
        // a concatenated vector's kind joins its parts' kinds with '+' (emotion.features.concat)
        if (!kind.equals(v.kind()) && !List.of(v.kind().split("\\+")).contains(kind)) {
            throw new IllegalArgumentException("model " + modelId + " reads '" + kind + "' features, got '"
                    + v.kind() + "'; configure a '" + kind + "' feature extractor for this pipeline");
        }
        int[] index = indexFor(v.names());
        float[] values = v.values();
        for (int i = 0; i < index.length; i++) {
            out[offset + i] = values[index[i]];
        }
    }

    private int[] indexFor(List<String> names) {
        Cached c = cached;
        if (c != null && (c.names == names || c.names.equals(names))) {
            return c.index;
        }
        // a map, not indexOf per name: vectors with different name lists (partial concatenations) may alternate
        Map<String, Integer> at = new HashMap<>(names.size() * 2);
        for (int i = names.size() - 1; i >= 0; i--) {
            at.put(names.get(i), i); // the first of equal names, as indexOf found
        }
        int[] index = new int[wanted.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = at.getOrDefault(wanted.get(i), -1);
            if (index[i] < 0) {
                throw new IllegalArgumentException("model " + modelId + " needs feature '" + wanted.get(i)
                        + "', which the feature vector lacks (it has " + names.size() + " features: "
                        + abbreviate(names) + ")");
            }
        }
        cached = new Cached(names, index);
        return index;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 6 ? names.toString() : names.subList(0, 6) + "...";
    }

    @Override
    public String toString() {
        return kind + Arrays.toString(wanted.toArray());
    }
}
