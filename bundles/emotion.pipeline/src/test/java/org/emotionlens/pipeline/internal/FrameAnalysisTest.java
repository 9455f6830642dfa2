package org.emotionlens.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Box;
import org.emotionlens.api.Detection;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Image;
import org.emotionlens.api.TrackerOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One frame through the stages on the paper's test rows: the faces of a frame go to the classifier in one call, a
 * face without features gets no prediction, and the analysed frame carries the blendshapes the feature stage computed.
 */
class FrameAnalysisTest {

    @Test
    void theFacesOfAFrameAreClassifiedInOneCallAndKeepTheirOrder() throws Exception {
        List<Frame> rows = FrameLoopTest.rows(3);
        // frame with three faces; the middle one has no blendshapes, so the replay extractor gives none
        Face a = rows.get(0).faces().get(0);
        Face b = new Face(1, null, 1f, null, null, Map.of());
        Face c = new Face(2, null, 1f, null, rows.get(2).faces().get(0).blendshapes(), Map.of());
        Frame frame = new Frame("test", 7, 7_000L, null, List.of(a, b, c));
        FrameLoopTest.SmileClassifier smile = new FrameLoopTest.SmileClassifier();
        RunMetrics metrics = new RunMetrics();
        StageCalls calls = new StageCalls("t", 1, () -> false, s -> null, s -> "", metrics);
        FrameAnalysis analysis = new FrameAnalysis("t", FrameLoopTest.config(Map.of("id", "t")),
                new BoundStages(() -> null, () -> null, () -> FrameLoopTest.REPLAY, () -> smile, () -> null), calls);
        FrameResult r = analysis.analyse(frame).result();
        analysis.close();

        assertThat(smile.calls.get()).isEqualTo(1);
        assertThat(r.pipeline()).isEqualTo("t");
        assertThat(r.frame()).isSameAs(frame);
        assertThat(r.faces()).hasSize(3);
        assertThat(r.faces().get(1).prediction()).isNull();
        assertThat(r.faces().get(1).features()).isNull();
        float happyA = (a.blendshapes()[44] + a.blendshapes()[45]) / 2;
        float happyC = (c.blendshapes()[44] + c.blendshapes()[45]) / 2;
        assertThat(r.faces().get(0).prediction().probabilities()[0]).isEqualTo(happyA);
        assertThat(r.faces().get(2).prediction().probabilities()[0]).isEqualTo(happyC);
        assertThat(r.stageNanos()).containsOnlyKeys("features", "classifier");
    }

    @Test
    void rejectedFacesTellsTheTrackerWhetherToKeepTheFacesTheLandmarkerRejects() throws Exception {
        Image image = new Image(4, 4, new byte[4 * 4 * 3]);
        Frame frame = new Frame("test", 0, 0, image, null);
        Box box = new Box(0.1f, 0.2f, 0.5f, 0.5f);
        FaceDetector one = img -> List.of(new Detection(box, 0.8f, null));
        for (String value : List.of("drop", "box")) {
            List<TrackerOptions> opened = new ArrayList<>();
            // a tracker that reports what the options ask of a face it rejects
            FaceLandmarker landmarker = options -> {
                opened.add(options);
                return new FaceTracker() {
                    @Override
                    public List<Face> process(Image img, long timestampMicros, FaceDetector detector) {
                        Detection d = detector.detect(img).get(0);
                        return options.keepRejected() ? List.of(new Face(0, d.box(), d.score(), null, null, null))
                                : List.of();
                    }

                    @Override
                    public void close() {
                    }
                };
            };
            Map<String, Object> config = value.equals("drop") ? Map.of("id", "t", "video", false)
                    : Map.of("id", "t", "video", false, "rejected_faces", value);
            FrameAnalysis analysis = new FrameAnalysis("t", FrameLoopTest.config(config), new BoundStages(() -> one,
                    () -> landmarker, () -> FrameLoopTest.REPLAY, FrameLoopTest.SmileClassifier::new, () -> null),
                    new StageCalls("t", 1, () -> false, s -> null, s -> "", new RunMetrics()));
            FrameResult r = analysis.analyse(frame).result();
            analysis.close();
            assertThat(opened).as(value).containsExactly(new TrackerOptions(1, false, value.equals("box")));
            // box: the face is there, with no features from the replay extractor and so no prediction
            assertThat(r.faces()).as(value).hasSize(value.equals("box") ? 1 : 0);
        }
        assertThatThrownBy(() -> new FrameAnalysis("t", FrameLoopTest.config(Map.of("id", "t", "rejected_faces",
                "keep")), new BoundStages(() -> null, () -> null, () -> null, () -> null, () -> null),
                new StageCalls("t", 1, () -> false, s -> null, s -> "", new RunMetrics())))
                .hasMessageContaining("pipeline t: rejected.faces must be 'drop' or 'box', got 'keep'");
    }

    @Test
    void theAnalysedFrameCarriesBlendshapesOnlyWhereTheFeatureStageComputedAll52() throws Exception {
        Face withScores = FrameLoopTest.rows(1).get(0).faces().get(0);
        Face bare = new Face(0, null, 1f, null, null, Map.of());
        Frame frame = new Frame("test", 0, 0, null, List.of(bare, bare, withScores));
        FeatureVector scores = new FeatureVector("blendshapes", Blendshapes.NAMES, withScores.blendshapes());
        FeatureVector other = new FeatureVector("landmarks", List.of("x0", "y0"), new float[] {0.1f, 0.2f});
        Frame analysed = FrameAnalysis.analysed(frame, frame.faces(),
                new FeatureVector[] {scores, other, scores});
        assertThat(analysed.faces().get(0).blendshapes()).containsExactly(withScores.blendshapes());
        assertThat(analysed.faces().get(1).blendshapes()).isNull();
        assertThat(analysed.faces().get(2)).as("its own scores are kept").isSameAs(withScores);
        assertThat(analysed.index()).isEqualTo(frame.index());
    }
}
