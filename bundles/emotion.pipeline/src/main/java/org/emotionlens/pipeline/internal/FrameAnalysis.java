package org.emotionlens.pipeline.internal;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionFilter;
import org.emotionlens.api.TrackerOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One frame through the stages: faces and their features ({@link FaceFeatures}), one classifier call for the frame
 * (none when the configuration says classify=false), the smoothing filter; the result for the
 * sinks and the analysed frame (faces with the blendshapes the feature stage computed) for a consumer of published
 * frames. Owns the tracker and the smoother, which carry state from frame to frame. Used by the loop thread only.
 */
final class FrameAnalysis implements AutoCloseable {
    /** A frame's result for the sinks and the frame as analysed. */
    record Analysed(FrameResult result, Frame frame) {
    }

    private final String pipeline;
    private final PipelineConfig config;
    private final BoundStages stages;
    private final StageCalls calls;
    private final FaceFeatures faces;
    private final ServiceSession<PredictionFilter, PredictionFilter.PredictionSmoother> smoother;

    FrameAnalysis(String pipeline, PipelineConfig config, BoundStages stages, StageCalls calls) {
        this.pipeline = pipeline;
        this.config = config;
        this.stages = stages;
        this.calls = calls;
        this.faces = new FaceFeatures(new TrackerOptions(config.max_faces(), config.video(),
                keepRejected(config)), config.landmarks(),
                stages, calls);
        this.smoother = new ServiceSession<>(PredictionFilter::open, s -> { });
    }

    /** rejected.faces: box keeps the faces the landmarker rejects, drop (the default) does not. */
    static boolean keepRejected(PipelineConfig config) {
        return switch (config.rejected_faces()) {
            case "drop" -> false;
            case "box" -> true;
            default -> throw new IllegalArgumentException("pipeline " + config.id() + ": rejected.faces must be 'drop'"
                    + " or 'box', got '" + config.rejected_faces() + "'");
        };
    }

    Analysed analyse(Frame frame) throws InterruptedException {
        Map<String, Long> times = new HashMap<>();
        FaceFeatures.Found f = faces.find(frame, times);
        List<Face> found = f.faces();
        FeatureVector[] vectorByFace = f.vectors();
        List<FeatureVector> vectors = new ArrayList<>(found.size());
        List<Integer> withFeatures = new ArrayList<>(found.size());
        for (int i = 0; i < vectorByFace.length; i++) {
            if (vectorByFace[i] != null) {
                vectors.add(vectorByFace[i]);
                withFeatures.add(i);
            }
        }
        List<Prediction> predicted = vectors.isEmpty() || !config.classify() ? List.of()
                : calls.call(PipelineComponent.STAGE_CLASSIFIER, stages.classifier(), c -> c.classify(vectors), times);
        Prediction[] byFace = new Prediction[found.size()];
        for (int k = 0; k < predicted.size(); k++) {
            byFace[withFeatures.get(k)] = predicted.get(k);
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
        return frame.withFaces(faces);
    }

    /** Closes the tracker (its native interpreter state); a later frame would open a new one. */
    @Override
    public void close() {
        faces.close();
    }
}
