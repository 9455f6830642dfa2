package org.emotionlens.api;

/**
 * Per-stream settings of a {@link FaceTracker}.
 *
 * @param maxFaces     most faces reported per frame
 * @param video        true for a stream of related frames (tracking and smoothing on), false for independent images
 * @param keepRejected false: a detection whose landmarks the landmarker rejects (e.g. MediaPipe's face presence
 *                     test) is no face, as in MediaPipe. true: it is still reported, in its place among the faces,
 *                     with the detector's box and score and no landmarks (what a pipeline without a landmarker makes
 *                     of a detection), so that features of the box alone (a face crop) can still describe it; it is
 *                     not tracked from frame to frame. @since 1.4
 */
public record TrackerOptions(int maxFaces, boolean video, boolean keepRejected) {
    public TrackerOptions {
        if (maxFaces < 1) {
            throw new IllegalArgumentException("maxFaces must be at least 1, got " + maxFaces);
        }
    }

    /** Rejected faces dropped (the form before 1.4). */
    public TrackerOptions(int maxFaces, boolean video) {
        this(maxFaces, video, false);
    }
}
