package org.emotionlens.pipeline.internal;

import org.emotionlens.api.Detection;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.api.TrackerOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The frame path up to the classifier: a frame's faces (its own, the detector's boxes, or the landmarker's tracker)
 * and each face's feature vector, every stage call timed. Owns the tracker, which carries state from frame to
 * frame. Used by the loop thread only ({@link FrameAnalysis}).
 */
final class FaceFeatures implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PipelineComponent.PID);

    /** The faces found, and per face its vector (null where the feature stage gave none). */
    record Found(List<Face> faces, FeatureVector[] vectors) {
    }

    private final TrackerOptions options;
    private final boolean landmarks;
    private final BoundStages stages;
    private final StageCalls calls;
    private final ServiceSession<FaceLandmarker, FaceTracker> tracker;

    /** @param landmarks run the landmarker's tracker on the detector; false takes the detector's boxes */
    FaceFeatures(TrackerOptions options, boolean landmarks, BoundStages stages, StageCalls calls) {
        this.options = options;
        this.landmarks = landmarks;
        this.stages = stages;
        this.calls = calls;
        this.tracker = new ServiceSession<>(l -> l.open(options), t -> {
            try {
                t.close();
            } catch (RuntimeException e) {
                LOG.fine(() -> "closing tracker: " + e);
            }
        });
    }

    Found find(Frame frame, Map<String, Long> times) throws InterruptedException {
        List<Face> found = frame.hasPrecomputedFaces() ? frame.faces() : findFaces(frame, times);
        FeatureVector[] vectors = new FeatureVector[found.size()];
        for (int i = 0; i < found.size(); i++) {
            Face face = found.get(i);
            vectors[i] = calls.call(PipelineComponent.STAGE_FEATURES, stages.features(), f -> f.extract(frame, face),
                    times);
        }
        return new Found(found, vectors);
    }

    private List<Face> findFaces(Frame frame, Map<String, Long> times) throws InterruptedException {
        Image image = frame.image();
        FaceDetector timedDetector = img -> {
            try {
                return calls.call(PipelineComponent.STAGE_DETECTOR, stages.detector(), d -> d.detect(img), times);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StageClosedException("interrupted while waiting for a detector");
            }
        };
        if (!landmarks) {
            List<Detection> detections = timedDetector.detect(image);
            List<Face> out = new ArrayList<>();
            for (int i = 0; i < Math.min(detections.size(), options.maxFaces()); i++) {
                Detection d = detections.get(i);
                out.add(new Face(i, d.box(), d.score(), null, null, null));
            }
            return out;
        }
        while (true) {
            FaceTracker t = tracker.of(calls.await(PipelineComponent.STAGE_LANDMARKER, stages.landmarker()));
            long t0 = System.nanoTime();
            long detectBefore = times.getOrDefault(PipelineComponent.STAGE_DETECTOR, 0L);
            try {
                List<Face> out = t.process(image, frame.timestampMicros(), timedDetector);
                // The landmarker's own time excludes the detector calls it made.
                StageCalls.record(times, PipelineComponent.STAGE_LANDMARKER, System.nanoTime() - t0
                        - (times.getOrDefault(PipelineComponent.STAGE_DETECTOR, 0L) - detectBefore));
                return out;
            } catch (StageClosedException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                calls.retried(PipelineComponent.STAGE_LANDMARKER, e);
                tracker.close();
            }
        }
    }

    /** Closes the tracker (its native interpreter state); a later frame would open a new one. */
    @Override
    public void close() {
        tracker.close();
    }
}
