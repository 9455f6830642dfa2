package org.emotionlens.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.pipeline.FrameAnalyzer;
import org.emotionlens.pipeline.FrameAnalyzers;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/**
 * The exported analyzer on the paper's test rows: the same faces and vectors the frame loop's analysis gives for
 * the frame, no prediction; a given stage that shuts down fails the call rather than being waited for.
 */
class FixedFrameAnalyzerTest {
    /** Frames with their own faces need no detector: one that is called fails the test. */
    private static final FaceDetector NOT_CALLED = image -> {
        throw new AssertionError("a frame with its own faces went to the detector");
    };

    @Test
    void givesTheFacesAndVectorsOfTheFrameLoopsAnalysisWithoutPredictions() throws Exception {
        List<Frame> rows = FrameLoopTest.rows(2);
        Face bare = new Face(1, null, 1f, null, null, Map.of());
        Frame frame = new Frame("test", 3, 3_000L, null, List.of(rows.get(0).faces().get(0), bare,
                rows.get(1).faces().get(0)));
        FrameLoopTest.SmileClassifier smile = new FrameLoopTest.SmileClassifier();
        StageCalls calls = new StageCalls("t", 1, () -> false, s -> null, s -> "", new RunMetrics());
        FrameAnalysis loop = new FrameAnalysis("t", FrameLoopTest.config(Map.of("id", "t")), new BoundStages(
                () -> null, () -> null, () -> FrameLoopTest.REPLAY, () -> smile, () -> null),
                calls);
        List<FaceResult> expected = loop.analyse(frame).result().faces();
        loop.close();

        List<FaceResult> got;
        try (FrameAnalyzer analyzer = FrameAnalyzers.open(NOT_CALLED, null, FrameLoopTest.REPLAY,
                new TrackerOptions(1, false))) {
            got = analyzer.analyse(frame);
        }
        assertThat(got).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(got.get(i).face()).isEqualTo(expected.get(i).face());
            assertThat(got.get(i).prediction()).isNull();
            if (expected.get(i).features() == null) {
                assertThat(got.get(i).features()).isNull();
            } else {
                assertThat(got.get(i).features().values()).containsExactly(expected.get(i).features().values());
            }
        }
        assertThat(got.get(1).features()).as("the face without scores").isNull();
    }

    @Test
    void aGivenStageThatShutsDownFailsTheCall() throws Exception {
        FeatureExtractor closed = new FeatureExtractor() {
            @Override
            public String kind() {
                return "blendshapes";
            }

            @Override
            public List<String> names() {
                return FrameLoopTest.REPLAY.names();
            }

            @Override
            public FeatureVector extract(Frame frame, Face face) {
                throw new StageClosedException("blendshape model closed");
            }
        };
        Frame frame = FrameLoopTest.rows(1).get(0);
        try (FrameAnalyzer analyzer = FrameAnalyzers.open(NOT_CALLED, null, closed, new TrackerOptions(1, false))) {
            assertThatThrownBy(() -> analyzer.analyse(frame)).isInstanceOf(StageClosedException.class)
                    .hasMessage("blendshape model closed");
        }
    }

    @Test
    void theStagesItNeedsAreRequired() {
        assertThatThrownBy(() -> FrameAnalyzers.open(NOT_CALLED, null, null, new TrackerOptions(1, false)))
                .isInstanceOf(NullPointerException.class).hasMessage("features");
    }
}
