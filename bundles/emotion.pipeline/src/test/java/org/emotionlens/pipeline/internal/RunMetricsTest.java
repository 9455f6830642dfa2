package org.emotionlens.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.Emotions;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts and the summary line over the paper's test rows, read by the smile classifier of FrameLoopTest. */
class RunMetricsTest {

    @Test
    void countsWhatTheSinksTookAndSummarisesItInStageOrder() throws Exception {
        List<Frame> rows = FrameLoopTest.rows(100);
        List<FrameResult> results = new ArrayList<>();
        FrameLoopTest.SmileClassifier smile = new FrameLoopTest.SmileClassifier();
        long happy = 0;
        for (Frame f : rows) {
            Prediction p = smile.classify(List.of(FrameLoopTest.REPLAY.extract(f, f.faces().get(0)))).get(0);
            happy += p.label().equals("happy") ? 1 : 0;
            // the second face of every tenth frame has no features, so no prediction
            List<FaceResult> faces = f.index() % 10 == 0
                    ? List.of(new FaceResult(f.faces().get(0), null, p), new FaceResult(f.faces().get(0), null, null))
                    : List.of(new FaceResult(f.faces().get(0), null, p));
            Map<String, Long> times = new LinkedHashMap<>();
            times.put("classifier", 2_000_000L);
            times.put("features", 1_000_000L);
            results.add(new FrameResult("m", f, faces, times));
        }
        RunMetrics m = new RunMetrics();
        m.started();
        results.forEach(r -> m.delivered(r, 500_000L));
        m.retried();
        m.dropped(3);
        m.ended();
        assertThat(happy).isBetween(1L, 99L);
        assertThat(m.frames()).isEqualTo(100);
        assertThat(m.stats().faces()).isEqualTo(110);
        assertThat(m.predictions()).isEqualTo(100);
        assertThat(m.stats().labelCounts()).isEqualTo(Map.of("happy", happy, "unknown", 100 - happy));
        String summary = m.summary("m", "stopped", "a reason");
        assertThat(summary).startsWith("pipeline m stopped: 100 frames, 110 faces, 100 predictions (happy " + happy
                + ", unknown " + (100 - happy) + ") in ");
        assertThat(summary).contains("; ms per frame mean/p95: features 1.000/1.000, classifier 2.000/2.000,"
                + " sinks 0.500/0.500; 3 live frames dropped (a stage was slower than the source); 1 calls redone"
                + " after a stage swap; error: a reason");
        assertThat(RunMetrics.latencyProperty(m.stats()))
                .containsExactly("features=1.0000/1.0000", "classifier=2.0000/2.0000", "sinks=0.5000/0.5000");
        assertThat(m.hasEnded()).isTrue();
        assertThat(m.stats().elapsedNanos()).as("frozen at the end").isEqualTo(m.stats().elapsedNanos());
    }

    @Test
    void aRunWithoutFramesSaysSoWithoutStagesOrLabels() {
        RunMetrics m = new RunMetrics();
        assertThat(m.summary("e", "failed", "x gave no frames")).isEqualTo(
                "pipeline e failed: 0 frames, 0 faces, 0 predictions in 0.00 s, 0.0 frames/s; error: x gave no frames");
        assertThat(Emotions.LABELS).contains("happy"); // the labels the summary counts by
    }
}
