package org.emotionlens.api;

/**
 * Turns faces into landmarks (and blendshapes, if the implementation computes them). Tracking state belongs to
 * one stream, so callers {@link #open(TrackerOptions)} a {@link FaceTracker} per stream.
 */
public interface FaceLandmarker {
    /** Service property naming the landmarker variant, e.g. {@code mediapipe}. */
    String TYPE = "emotion.landmarker.type";

    FaceTracker open(TrackerOptions options);
}
