package org.emotionlens.api;

/**
 * The outcome for one face: the face as the stages described it and the prediction (null when no prediction was
 * possible, e.g. the face had no features the classifier reads).
 */
public record FaceResult(Face face, FeatureVector features, Prediction prediction) {
}
