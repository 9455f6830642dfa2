package org.emotionlens.dataset.internal;

import java.util.List;

import org.emotionlens.api.Face;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.TrackerOptions;

/**
 * One worker's view of the stages in IMAGE mode: detection, then landmarks of the best face, then its features.
 * Each analyzer opens its own tracker (its own landmark interpreter); the detector and extractors are shared
 * thread-safe services.
 */
final class FaceAnalyzer implements AutoCloseable {
    /** The features of the one face found, or null when MediaPipe finds none. */
    record Result(float[] blendshapes, float[] landmarks) {
    }

    private final Stages stages;
    private final FaceTracker tracker;

    FaceAnalyzer(Stages stages) {
        this.stages = stages;
        this.tracker = stages.landmarker().open(new TrackerOptions(1, false));
    }

    /** Null when no face is detected (or the landmark model says no face is present). */
    Result analyze(Image image, boolean withLandmarks) {
        List<Face> faces = tracker.process(image, 0, stages.detector());
        if (faces.isEmpty()) {
            return null;
        }
        Face face = faces.get(0);
        Frame frame = new Frame("dataset", 0, 0, image, null);
        float[] scores = stages.blendshapes().extract(frame, face).values();
        float[] lm = null;
        if (withLandmarks) {
            FeatureVector v = stages.landmarks().extract(frame, face);
            lm = v == null ? null : v.values();
        }
        return new Result(scores, lm);
    }

    @Override
    public void close() {
        tracker.close();
    }
}
