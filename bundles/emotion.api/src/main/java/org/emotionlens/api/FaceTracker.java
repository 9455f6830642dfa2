package org.emotionlens.api;

import java.util.List;

/** Landmarks for one stream of frames. Not thread-safe: one stream, one caller. */
public interface FaceTracker extends AutoCloseable {
    /**
     * Faces in this image. The tracker calls {@code detector} only when it needs fresh detections (in video mode,
     * when tracking is lost), so the caller decides which detector runs and can time it.
     *
     * @return faces with landmarks (and blendshapes when computed), and with {@link TrackerOptions#keepRejected()}
     *         the detections the landmarker rejected, with the detector's box and no landmarks; empty when there is
     *         no face
     */
    List<Face> process(Image image, long timestampMicros, FaceDetector detector);

    @Override
    void close();
}
