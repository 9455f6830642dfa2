package org.emotionlens.dataset.internal;

import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FeatureExtractor;

/**
 * The pipeline stages a data-set build runs each image through: the services the command component binds by
 * target filter (BlazeFace, MediaPipe landmarks, blendshape and landmark features by default).
 */
record Stages(FaceDetector detector, FaceLandmarker landmarker, FeatureExtractor blendshapes,
        FeatureExtractor landmarks) {
}
