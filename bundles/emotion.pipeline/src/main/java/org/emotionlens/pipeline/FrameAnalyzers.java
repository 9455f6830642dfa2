package org.emotionlens.pipeline;

import java.util.Objects;

import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.pipeline.internal.FixedFrameAnalyzer;

/** Opens {@link FrameAnalyzer}s on given stage services. */
public final class FrameAnalyzers {
    private FrameAnalyzers() {
    }

    /**
     * An analyzer calling these services; a stage shut down during a call fails it (nothing rebinds a given
     * service).
     *
     * @param landmarker the landmarker whose tracker finds the faces, or null to take the detector's boxes
     * @param options    most faces per frame, and VIDEO (tracking) or IMAGE mode
     */
    public static FrameAnalyzer open(FaceDetector detector, FaceLandmarker landmarker, FeatureExtractor features,
            TrackerOptions options) {
        return new FixedFrameAnalyzer(Objects.requireNonNull(detector, "detector"), landmarker,
                Objects.requireNonNull(features, "features"), Objects.requireNonNull(options, "options"));
    }
}
