package org.emotionlens.pipeline.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.Frame;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.pipeline.FrameAnalyzer;

/** {@link FrameAnalyzer} on given services: the frame loop's {@link FaceFeatures}, with no classifier. */
public final class FixedFrameAnalyzer implements FrameAnalyzer {
    private final FaceFeatures faces;

    /** @param landmarker null to take the detector's boxes as the faces */
    public FixedFrameAnalyzer(FaceDetector detector, FaceLandmarker landmarker, FeatureExtractor features,
            TrackerOptions options) {
        BoundStages stages = new BoundStages(() -> detector, () -> landmarker, () -> features, () -> null,
                () -> null);
        this.faces = new FaceFeatures(options, landmarker != null, stages, StageCalls.fixed("frame-analyzer"));
    }

    @Override
    public List<FaceResult> analyse(Frame frame) {
        FaceFeatures.Found found;
        try {
            found = faces.find(frame, new HashMap<>());
        } catch (InterruptedException e) {
            // a given stage is never waited for; only an interrupt of this thread gets here
            Thread.currentThread().interrupt();
            throw new StageClosedException("interrupted while analysing frame " + frame.index());
        }
        // the faces as the frame loop hands them on: blendshapes attached where the feature stage computed them
        List<Face> analysed = FrameAnalysis.analysed(frame, found.faces(), found.vectors()).faces();
        List<FaceResult> out = new ArrayList<>(analysed.size());
        for (int i = 0; i < analysed.size(); i++) {
            out.add(new FaceResult(analysed.get(i), found.vectors()[i], null));
        }
        return out;
    }

    @Override
    public void close() {
        faces.close();
    }
}
