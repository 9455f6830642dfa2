package org.emotionlens.api;

/**
 * Per-stream settings of a {@link FaceTracker}.
 *
 * @param maxFaces   most faces reported per frame
 * @param video      true for a stream of related frames (tracking and smoothing on), false for independent images
 */
public record TrackerOptions(int maxFaces, boolean video) {
    public TrackerOptions {
        if (maxFaces < 1) {
            throw new IllegalArgumentException("maxFaces must be at least 1, got " + maxFaces);
        }
    }
}
