package org.emotionlens.api;

import java.util.List;

/**
 * What a classifier model expects and produces.
 *
 * @param id           model id, e.g. {@code lstm-paper}
 * @param featureKind  the kind of feature vector it reads, e.g. {@code blendshapes}
 * @param featureNames names of the features it reads, in the order of its input
 * @param labels       names of its output classes, in order
 * @param description  architecture and training facts worth showing to users
 */
public record ModelInfo(String id, String featureKind, List<String> featureNames, List<String> labels,
        String description) {
    public ModelInfo {
        featureNames = List.copyOf(featureNames);
        labels = List.copyOf(labels);
    }
}
