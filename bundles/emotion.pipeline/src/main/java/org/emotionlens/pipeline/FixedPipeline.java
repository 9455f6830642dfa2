package org.emotionlens.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.PredictionSink;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.pipeline.internal.FixedPipelineRun;

/**
 * A pipeline run on stage services the caller holds rather than binds by configuration: the frame loop a
 * configured pipeline runs (the source decoded ahead on a thread of its own, the detector, the landmarker's tracker,
 * the feature extractor, the classifier when one is given, the sinks on a thread of their own, in frame order), on
 * the calling thread until the source ends. For commands that own their stages, such as the data-set build.
 */
public final class FixedPipeline {
    /**
     * The services a run calls. A stage that shuts down during a call fails the run (nothing rebinds a given
     * service).
     *
     * @param landmarker the landmarker whose tracker finds the faces, or null to take the detector's boxes
     * @param classifier null for a run without predictions (faces and features only)
     */
    public record Stages(FaceDetector detector, FaceLandmarker landmarker, FeatureExtractor features,
            EmotionClassifier classifier) {
        public Stages {
            Objects.requireNonNull(detector, "detector");
            Objects.requireNonNull(features, "features");
        }
    }

    /**
     * How a run ended.
     *
     * @param state   finished, stopped or failed
     * @param summary the run's one-line summary (frames, time per stage, the failure)
     * @param failure what a stage, the source or a sink threw, or null
     */
    public record Outcome(String state, String summary, Throwable failure) {
        public boolean finished() {
            return state.equals("finished");
        }
    }

    private FixedPipeline() {
    }

    /**
     * Runs {@code source} through the stages to the sinks on the calling thread and returns once every result has
     * reached the sinks and they are flushed.
     *
     * @param options  most faces per frame, and VIDEO (tracking) or IMAGE mode
     * @param stopping asked between frames: true ends the run early ("stopped")
     */
    public static Outcome run(String id, FrameSource source, Stages stages, TrackerOptions options,
            List<PredictionSink> sinks, BooleanSupplier stopping) {
        return FixedPipelineRun.run(Objects.requireNonNull(id, "id"), Objects.requireNonNull(source, "source"),
                Objects.requireNonNull(stages, "stages"), Objects.requireNonNull(options, "options"),
                List.copyOf(sinks), Objects.requireNonNull(stopping, "stopping"));
    }
}
