package org.emotionlens.pipeline.internal;

import java.util.Arrays;

/**
 * Per-stage call times: exact count and mean, and percentiles over the most recent calls (a fixed ring, so memory
 * stays flat on endless live sources). Guarded by the caller.
 */
final class LatencyRecorder {
    private static final int WINDOW = 8192;
    private final long[] ring = new long[WINDOW];
    private long count;
    private double sum;

    void add(long nanos) {
        ring[(int) (count % WINDOW)] = nanos;
        count++;
        sum += nanos;
    }

    long count() {
        return count;
    }

    double mean() {
        return count == 0 ? 0 : sum / count;
    }

    double percentile(double p) {
        int n = (int) Math.min(count, WINDOW);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(ring, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1 < 0 ? 0 : (int) Math.ceil(p * n) - 1)];
    }
}
