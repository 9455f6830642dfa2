package org.emotionlens.pipeline.internal;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Detection;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Image;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionFilter;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.api.TrackerOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One frame through the stages: faces (the frame's own, detector boxes, or the landmarker's tracker), features per
 * face, one classifier call for the frame, the smoothing filter; the result for the sinks and the analysed frame
 * (faces with the blendshapes the feature stage computed) for a consumer of published frames. Owns the tracker and
 * the smoother, which carry state from frame to frame. Used by the loop thread only.
 */
final class FrameAnalysis implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PipelineComponent.PID);

    /** A frame's result for the sinks and the frame as analysed. */
    record Analysed(FrameResult result, Frame frame) {
    }

    private final String pipeline;
    private final PipelineConfig config;
    private final BoundStages stages;
    private final StageCalls calls;
    private final ServiceSession<FaceLandmarker, FaceTracker> tracker;
    private final ServiceSession<PredictionFilter, PredictionFilter.PredictionSmoother> smoother;

    FrameAnalysis(String pipeline, PipelineConfig config, BoundStages stages, StageCalls calls) {
        this.pipeline = pipeline;
        this.config = config;
        this.stages = stages;
        this.calls = calls;
        this.tracker = new ServiceSession<>(l -> l.open(new TrackerOptions(config.max_faces(), config.video())),
                t -> {
                    try {
                        t.close();
                    } catch (RuntimeException e) {
                        LOG.fine(() -> "closing tracker: " + e);
                    }
                });
        this.smoother = new ServiceSession<>(PredictionFilter::open, s -> { });
    }

    Analysed analyse(Frame frame) throws InterruptedException {
        Map<String, Long> times = new HashMap<>();
        List<Face> found = frame.hasPrecomputedFaces() ? frame.faces() : findFaces(frame, times);
        List<FeatureVector> vectors = new ArrayList<>(found.size());
        List<Integer> withFeatures = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Face face = found.get(i);
            FeatureVector v = calls.call(PipelineComponent.STAGE_FEATURES, stages.features(),
                    f -> f.extract(frame, face), times);
            if (v != null) {
                vectors.add(v);
                withFeatures.add(i);
            }
        }
        List<Prediction> predicted = vectors.isEmpty() ? List.of()
                : calls.call(PipelineComponent.STAGE_CLASSIFIER, stages.classifier(), c -> c.classify(vectors), times);
        Prediction[] byFace = new Prediction[found.size()];
        FeatureVector[] vectorByFace = new FeatureVector[found.size()];
        for (int k = 0; k < withFeatures.size(); k++) {
            byFace[withFeatures.get(k)] = predicted.get(k);
            vectorByFace[withFeatures.get(k)] = vectors.get(k);
        }
        if (config.filter()) {
            PredictionFilter.PredictionSmoother s = smoother.of(
                    calls.await(PipelineComponent.STAGE_FILTER, stages.filter()));
            for (int i = 0; i < byFace.length; i++) {
                if (byFace[i] != null) {
                    byFace[i] = s.apply(found.get(i).trackId(), frame.timestampMicros(), byFace[i]);
                }
            }
        }
        Frame analysed = analysed(frame, found, vectorByFace);
        List<FaceResult> results = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            results.add(new FaceResult(analysed.faces().get(i), vectorByFace[i], byFace[i]));
        }
        return new Analysed(new FrameResult(pipeline, frame, results, times), analysed);
    }

    /** The frame with its faces as found, blendshapes attached where the feature stage computed all 52. */
    static Frame analysed(Frame frame, List<Face> found, FeatureVector[] vectors) {
        List<Face> faces = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Face f = found.get(i);
            FeatureVector v = vectors[i];
            boolean blendshapes = v != null && f.blendshapes() == null && v.names().equals(Blendshapes.NAMES);
            faces.add(blendshapes ? f.withBlendshapes(v.values()) : f);
        }
        return new Frame(frame.sourceId(), frame.index(), frame.timestampMicros(), frame.image(), faces);
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
        if (!config.landmarks()) {
            List<Detection> detections = timedDetector.detect(image);
            List<Face> out = new ArrayList<>();
            for (int i = 0; i < Math.min(detections.size(), config.max_faces()); i++) {
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
