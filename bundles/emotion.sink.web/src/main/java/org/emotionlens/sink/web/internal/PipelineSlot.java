package org.emotionlens.sink.web.internal;

import org.emotionlens.api.FrameResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** One pipeline's latest frame waiting for the page (latest wins) and its figures. */
final class PipelineSlot {
    /** Arrival times kept for the frames/s. */
    private static final int ARRIVALS = 64;

    final String pipeline;
    final AtomicReference<FrameResult> pending = new AtomicReference<>();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong updates = new AtomicLong();
    final AtomicLong images = new AtomicLong();
    final AtomicLong imagesSkipped = new AtomicLong();
    private final long[] arrivals = new long[ARRIVALS];
    private final Map<String, Double> meanStage = new LinkedHashMap<>();
    /** Publisher thread only. */
    long nextUpdate;
    long lastImage;

    PipelineSlot(String pipeline) {
        this.pipeline = pipeline;
    }

    /** Parks the frame; the one it replaces, never shown, counts as dropped. */
    void arrived(FrameResult result, long nanos) {
        long n = accepted.getAndIncrement();
        synchronized (arrivals) {
            arrivals[(int) (n % ARRIVALS)] = nanos;
        }
        if (pending.getAndSet(result) != null) {
            dropped.incrementAndGet();
        }
    }

    /** Frames/s over the last {@link #ARRIVALS} arrivals. */
    double framesPerSecond() {
        long n = accepted.get();
        if (n < 2) {
            return 0;
        }
        int k = (int) Math.min(n, ARRIVALS);
        synchronized (arrivals) {
            long last = arrivals[(int) ((n - 1) % ARRIVALS)];
            long first = arrivals[(int) ((n - k) % ARRIVALS)];
            return last <= first ? 0 : (k - 1) * 1e9 / (last - first);
        }
    }

    /** Exponential moving mean of the stage times of the frames shown (weight 0.1 for the newest). */
    void stages(Map<String, Long> nanos) {
        synchronized (meanStage) {
            nanos.forEach((stage, v) -> meanStage.merge(stage, v.doubleValue(), (old, x) -> old * 0.9 + x * 0.1));
        }
    }

    Map<String, Double> meanStageNanos() {
        synchronized (meanStage) {
            return new LinkedHashMap<>(meanStage);
        }
    }
}
