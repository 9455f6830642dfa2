package org.emotionlens.api;

import java.util.List;

/** Classifies feature vectors into emotions. Implementations are thread-safe. */
public interface EmotionClassifier {
    /** Service property holding the model id, for target filters such as {@code (emotion.model=lstm-paper)}. */
    String MODEL = "emotion.model";

    ModelInfo model();

    /**
     * Classifies a batch of vectors.
     *
     * @throws IllegalArgumentException when a vector lacks a feature the model reads (the message names it)
     * @throws StageClosedException     when this classifier was shut down (e.g. hot swap) during the call; the
     *                                  caller should retry with the service that replaces it
     */
    List<Prediction> classify(List<FeatureVector> features);

    default Prediction classify(FeatureVector features) {
        return classify(List.of(features)).get(0);
    }
}
