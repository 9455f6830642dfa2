package org.emotionlens.pipeline.internal;

import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.PredictionFilter;

import java.util.function.Supplier;

/** The services bound to the dynamic stages right now (each null while unbound, e.g. during a swap). */
record BoundStages(Supplier<FaceDetector> detector, Supplier<FaceLandmarker> landmarker,
        Supplier<FeatureExtractor> features, Supplier<EmotionClassifier> classifier,
        Supplier<PredictionFilter> filter) {
}
