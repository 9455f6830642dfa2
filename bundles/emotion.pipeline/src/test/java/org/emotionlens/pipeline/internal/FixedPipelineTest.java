package org.emotionlens.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.pipeline.FixedPipeline;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exported run on given services, on the paper's test rows: every frame reaches the sink in order with the
 * faces and vectors a configured pipeline's analysis gives, no prediction, its metadata unchanged (an image-less
 * frame with no faces too); a given stage that shuts down fails the run with what it threw.
 */
class FixedPipelineTest {
    /** Frames with their own faces need no detector: one that is called fails the test. */
    private static final FaceDetector NOT_CALLED = image -> {
        throw new AssertionError("a frame with its own faces went to the detector");
    };

    private static List<Frame> framesWithMetadata(int n) throws Exception {
        List<Frame> frames = new ArrayList<>();
        for (Frame f : FrameLoopTest.rows(n)) {
            frames.add(new Frame(f.sourceId(), f.index(), f.timestampMicros(), null, f.faces(),
                    Map.of("row", Long.toString(f.index()))));
        }
        // a face without scores, and an entry the source could not decode (no image, no faces)
        frames.add(new Frame("test", n, 0, null, List.of(new Face(0, null, 1f, null, null, Map.of())),
                Map.of("row", "bare")));
        frames.add(new Frame("test", n + 1, 0, null, List.of(), Map.of("unreadable", "not a JPEG")));
        return frames;
    }

    @Test
    void everyFrameReachesTheSinksInOrderWithTheLoopsVectorsAndNoPrediction() throws Exception {
        List<Frame> frames = framesWithMetadata(300);
        FrameLoopTest.ListSink sink = new FrameLoopTest.ListSink();
        FixedPipeline.Outcome outcome = FixedPipeline.run("fixed", FrameLoopTest.source(() -> frames, -1, null),
                new FixedPipeline.Stages(NOT_CALLED, null, FrameLoopTest.REPLAY, null), new TrackerOptions(1, false),
                List.of(sink), () -> false);
        assertThat(outcome.state()).as(outcome.summary()).isEqualTo("finished");
        assertThat(outcome.finished()).isTrue();
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.summary()).startsWith("pipeline fixed finished: 302 frames, 301 faces, 0 predictions");
        assertThat(sink.flushes.get()).isPositive();

        // what a configured pipeline with a classifier analyses for the same frames, less the predictions
        FrameAnalysis loop = new FrameAnalysis("t", FrameLoopTest.config(Map.of("id", "t")), new BoundStages(
                () -> null, () -> null, () -> FrameLoopTest.REPLAY, FrameLoopTest.SmileClassifier::new, () -> null),
                new StageCalls("t", 1, () -> false, s -> null, s -> "", new RunMetrics()));
        assertThat(sink.results).hasSize(302);
        for (int i = 0; i < 302; i++) {
            FrameResult r = sink.results.get(i);
            assertThat(r.frame()).isSameAs(frames.get(i));
            List<FaceResult> expected = loop.analyse(frames.get(i)).result().faces();
            assertThat(r.faces()).hasSameSizeAs(expected);
            for (int k = 0; k < expected.size(); k++) {
                assertThat(r.faces().get(k).face()).isEqualTo(expected.get(k).face());
                assertThat(r.faces().get(k).prediction()).isNull();
                FeatureVector v = expected.get(k).features();
                if (v == null) {
                    assertThat(r.faces().get(k).features()).isNull();
                } else {
                    assertThat(r.faces().get(k).features().values()).containsExactly(v.values());
                }
            }
        }
        loop.close();
        assertThat(sink.results.get(300).faces().get(0).features()).as("the face without scores").isNull();
        assertThat(sink.results.get(301).faces()).isEmpty();
        assertThat(sink.results.get(301).frame().metadata()).containsEntry("unreadable", "not a JPEG");
        assertThat(sink.results.get(7).frame().metadata()).containsEntry("row", "7");
    }

    @Test
    void aGivenStageThatShutsDownFailsTheRunWithWhatItThrew() throws Exception {
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
                if (frame.index() == 5) {
                    throw new StageClosedException("blendshape model closed");
                }
                return FrameLoopTest.REPLAY.extract(frame, face);
            }
        };
        List<Frame> frames = FrameLoopTest.rows(20);
        FrameLoopTest.ListSink sink = new FrameLoopTest.ListSink();
        FixedPipeline.Outcome outcome = FixedPipeline.run("fixed", FrameLoopTest.source(() -> frames, -1, null),
                new FixedPipeline.Stages(NOT_CALLED, null, closed, null), new TrackerOptions(1, false), List.of(sink),
                () -> false);
        assertThat(outcome.state()).isEqualTo("failed");
        assertThat(outcome.failure()).isInstanceOf(StageClosedException.class).hasMessage("blendshape model closed");
        assertThat(outcome.summary()).contains("blendshape model closed");
        assertThat(sink.results).hasSize(5); // the frames before it, and no later one
    }

    @Test
    void stoppingEndsTheRunStopped() throws Exception {
        List<Frame> frames = FrameLoopTest.rows(50);
        AtomicInteger asked = new AtomicInteger();
        FrameLoopTest.ListSink sink = new FrameLoopTest.ListSink();
        FixedPipeline.Outcome outcome = FixedPipeline.run("fixed", FrameLoopTest.source(() -> frames, -1, null),
                new FixedPipeline.Stages(NOT_CALLED, null, FrameLoopTest.REPLAY, null), new TrackerOptions(1, false),
                List.of(sink), () -> asked.incrementAndGet() > 10); // asked before each frame: true from then on
        assertThat(outcome.state()).isEqualTo("stopped");
        assertThat(outcome.failure()).isNull();
        assertThat(sink.results.size()).isBetween(1, 10);
    }
}
