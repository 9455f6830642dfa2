package org.emotionlens.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.StageClosedException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Calls across a swap on the paper's test rows: wait while unbound, redo after a closed service, give up with a reason. */
class StageCallsTest {
    private final RunMetrics metrics = new RunMetrics();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private StageCalls calls(int waitSeconds) {
        return new StageCalls("t", waitSeconds, stopping::get,
                stage -> stage.equals("classifier") ? "(emotion.model=dense)" : null,
                stage -> "available " + stage + " services: (emotion.model=lstm-paper)", metrics);
    }

    private static Prediction classifyFirstRow(EmotionClassifier c) throws Exception {
        Frame f = FrameLoopTest.rows(1).get(0);
        return c.classify(List.of(FrameLoopTest.REPLAY.extract(f, f.faces().get(0)))).get(0);
    }

    @Test
    void aCallWaitsForAnUnboundStageAndIsTimed() throws Exception {
        AtomicReference<EmotionClassifier> bound = new AtomicReference<>();
        FrameLoopTest.SmileClassifier smile = new FrameLoopTest.SmileClassifier();
        Frame f = FrameLoopTest.rows(1).get(0);
        long t0 = System.nanoTime();
        new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            bound.set(smile);
        }).start();
        Map<String, Long> times = new HashMap<>();
        Prediction p = calls(30).call("classifier", bound::get,
                c -> c.classify(List.of(FrameLoopTest.REPLAY.extract(f, f.faces().get(0)))).get(0), times);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(100_000_000L);
        assertThat(p.probabilities()).containsExactly(classifyFirstRow(new FrameLoopTest.SmileClassifier())
                .probabilities());
        assertThat(times).containsOnlyKeys("classifier");
        assertThat(times.get("classifier")).as("the wait is not the stage's time").isLessThan(100_000_000L);
        assertThat(smile.calls.get()).isEqualTo(1);
    }

    @Test
    void aCallWhoseServiceClosedIsRedoneOnTheReplacement() throws Exception {
        FrameLoopTest.SmileClassifier old = new FrameLoopTest.SmileClassifier();
        old.failAtCall = 0;
        old.failure = new StageClosedException("classifier closed");
        FrameLoopTest.SmileClassifier replacement = new FrameLoopTest.SmileClassifier();
        AtomicInteger asked = new AtomicInteger();
        Map<String, Long> times = new HashMap<>();
        Prediction p = calls(30).call("classifier", () -> asked.getAndIncrement() == 0 ? old : replacement,
                StageCallsTest::classifyUnchecked, times);
        assertThat(old.calls.get()).isEqualTo(1);
        assertThat(replacement.calls.get()).isEqualTo(1);
        assertThat(p.probabilities()).containsExactly(classifyFirstRow(new FrameLoopTest.SmileClassifier())
                .probabilities());
        assertThat(metrics.stats().retries()).isEqualTo(1);
    }

    private static Prediction classifyUnchecked(EmotionClassifier c) {
        try {
            return classifyFirstRow(c);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStageThatStaysUnboundFailsNamingItsTargetAndWhatIsThere() {
        assertThatThrownBy(() -> calls(0).await("classifier", () -> null))
                .isInstanceOf(StageUnavailableException.class)
                .hasMessage("no classifier service matching classifier.target (emotion.model=dense) became available"
                        + " within 0 s; available classifier services: (emotion.model=lstm-paper)");
    }

    @Test
    void stoppingEndsTheWait() {
        stopping.set(true);
        assertThatThrownBy(() -> calls(30).await("detector", () -> null)).isInstanceOf(InterruptedException.class);
    }
}
