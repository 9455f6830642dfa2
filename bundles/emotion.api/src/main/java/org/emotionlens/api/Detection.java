package org.emotionlens.api;

/**
 * One face found by a {@link FaceDetector}.
 *
 * @param box       face box, normalised to the image
 * @param score     detector confidence in [0, 1]
 * @param keypoints detector key points as x0, y0, x1, y1, ... normalised to the image (BlazeFace: right eye,
 *                  left eye, nose tip, mouth centre, right ear tragion, left ear tragion); empty when the detector
 *                  has none
 */
public record Detection(Box box, float score, float[] keypoints) {
    public Detection {
        keypoints = keypoints == null ? new float[0] : keypoints;
    }

    public int keypointCount() {
        return keypoints.length / 2;
    }
}
