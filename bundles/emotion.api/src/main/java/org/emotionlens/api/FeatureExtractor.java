package org.emotionlens.api;

import java.util.List;

/** Turns a face into a feature vector for a classifier. Implementations are thread-safe. */
public interface FeatureExtractor {
    /** Service property naming the feature kind, e.g. {@code blendshapes}, {@code landmarks}. */
    String KIND = "emotion.features.kind";

    /** The kind of the vectors this extractor makes. */
    String kind();

    /** Names of the features, in order. */
    List<String> names();

    /**
     * Features of one face of a frame, or null when the face lacks what this extractor needs (e.g. no
     * landmarks). The frame gives access to the image for extractors that look at pixels.
     */
    FeatureVector extract(Frame frame, Face face);
}
