package org.emotionlens.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.FaceResult;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.PredictionSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sinks' own thread on results of the paper's test rows: frame order, back-pressure for files, drop-oldest with a
 * count for live sources, failures handed to the loop, and a finish that delivers everything queued.
 */
class SinkStageTest {

    /** Results of the first {@code n} test rows (one face each, no prediction: the sink stage does not look). */
    static List<FrameResult> results(int n) {
        List<FrameResult> out = new ArrayList<>();
        for (Frame f : FrameLoopTest.uncheckedRows(n)) {
            out.add(new FrameResult("sinks", f, List.of(new FaceResult(f.faces().get(0), null, null)),
                    Map.of("features", 1000L)));
        }
        return out;
    }

    /** A sink that holds every result until it is opened, then records it; optionally fails at one frame. */
    static final class GatedSink implements PredictionSink {
        final CountDownLatch open;
        final List<FrameResult> got = new CopyOnWriteArrayList<>();
        final CountDownLatch firstTaken = new CountDownLatch(1);
        volatile long failAt = -1;
        volatile RuntimeException failure;
        volatile Error error;

        GatedSink(boolean open) {
            this.open = new CountDownLatch(open ? 0 : 1);
        }

        @Override
        public void accept(FrameResult result) {
            firstTaken.countDown();
            try {
                open.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (result.frame().index() == failAt) {
                if (error != null) {
                    throw error;
                }
                throw failure;
            }
            got.add(result);
        }

        @Override
        public void flush() {
        }
    }

    @Test
    void aFileInputWaitsForTheSinksAndLosesNoFrame() throws Exception {
        List<FrameResult> in = results(200);
        GatedSink sink = new GatedSink(false);
        RunMetrics metrics = new RunMetrics();
        SinkStage stage = new SinkStage("t", List.of(sink), 2, false, metrics);
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                for (FrameResult r : in) {
                    stage.submit(r);
                }
            } catch (Throwable e) {
                producerFailure.set(e);
            }
        });
        producer.start();
        assertThat(sink.firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
        // one result in the sink's hands, two queued: the fourth hand-over waits
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (producer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(producer.getState()).isEqualTo(Thread.State.WAITING);
        Thread.sleep(50);
        assertThat(sink.got).isEmpty();
        assertThat(producer.isAlive()).isTrue();
        sink.open.countDown();
        producer.join(30_000);
        assertThat(producerFailure.get()).isNull();
        assertThat(stage.finish()).isNull();
        assertThat(sink.got).containsExactlyElementsOf(in);
        assertThat(stage.dropped()).isZero();
        assertThat(metrics.frames()).isEqualTo(200);
        assertThat(metrics.stats().faces()).isEqualTo(200);
        assertThat(metrics.stats().stageMeanNanos()).containsKeys("features", "sinks");
    }

    @Test
    void aLiveSourceDropsTheOldestQueuedResultsAndCountsThem() throws Exception {
        List<FrameResult> in = results(10);
        GatedSink sink = new GatedSink(false);
        RunMetrics metrics = new RunMetrics();
        SinkStage stage = new SinkStage("t", List.of(sink), 2, true, metrics);
        stage.submit(in.get(0));
        assertThat(sink.firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
        for (FrameResult r : in.subList(1, 10)) {
            stage.submit(r); // never waits
        }
        assertThat(stage.dropped()).isEqualTo(7);
        sink.open.countDown();
        assertThat(stage.finish()).isNull();
        assertThat(sink.got).containsExactly(in.get(0), in.get(8), in.get(9));
        assertThat(metrics.frames()).as("counted: what the sink holds").isEqualTo(3);
    }

    @Test
    void aSinkFailureReachesTheLoopAndStopsDelivery() throws Exception {
        List<FrameResult> in = results(50);
        GatedSink sink = new GatedSink(true);
        sink.failAt = 5;
        sink.failure = new IllegalStateException("file sink: cannot write predictions.csv: disk full");
        RunMetrics metrics = new RunMetrics();
        SinkStage stage = new SinkStage("t", List.of(sink), 4, false, metrics);
        assertThatThrownBy(() -> {
            for (FrameResult r : in) {
                stage.submit(r);
            }
            Thread.sleep(10_000); // the failure must have been thrown by a submit before the end
        }).isSameAs(sink.failure);
        assertThat(stage.finish()).isSameAs(sink.failure);
        assertThat(sink.got).containsExactlyElementsOf(in.subList(0, 5));
        assertThat(metrics.frames()).isEqualTo(5);
    }

    @Test
    void anErrorInTheSinksThreadIsHandedOverAsItIs() throws Exception {
        GatedSink sink = new GatedSink(true);
        sink.failAt = 0;
        sink.error = new OutOfMemoryError("Java heap space");
        SinkStage stage = new SinkStage("t", List.of(sink), 4, false, new RunMetrics());
        List<FrameResult> in = results(3);
        stage.submit(in.get(0));
        assertThat(stage.finish()).isSameAs(sink.error);
        assertThatThrownBy(() -> stage.submit(in.get(1))).isSameAs(sink.error);
    }

    @Test
    void finishDeliversEverythingQueuedEvenWhenInterrupted() throws Exception {
        List<FrameResult> in = results(6);
        GatedSink sink = new GatedSink(false);
        RunMetrics metrics = new RunMetrics();
        SinkStage stage = new SinkStage("t", List.of(sink), 8, false, metrics);
        for (FrameResult r : in) {
            stage.submit(r);
        }
        Thread.currentThread().interrupt();
        new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sink.open.countDown();
        }).start();
        assertThat(stage.finish()).isNull();
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        assertThat(sink.got).containsExactlyElementsOf(in);
        assertThat(metrics.frames()).isEqualTo(6);
    }
}
