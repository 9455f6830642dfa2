package org.emotionlens.landmarker.internal;

/**
 * FACTS 6: MediaPipe's One Euro filter for one scalar, with its quirks (timestamps in ns, initial last time -1, a
 * frame at t = 0 does not update the frequency, derivative from the previous raw value).
 */
final class OneEuroFilter {
    private final double minCutoff;
    private final double beta;
    private final double derivateCutoff;
    private double frequency;
    private long lastTimeNanos = -1;
    private final LowPass x = new LowPass();
    private final LowPass dx = new LowPass();

    OneEuroFilter(double frequency, double minCutoff, double beta, double derivateCutoff) {
        this.frequency = frequency;
        this.minCutoff = minCutoff;
        this.beta = beta;
        this.derivateCutoff = derivateCutoff;
    }

    float apply(long timeNanos, float value, float valueScale) {
        if (lastTimeNanos >= timeNanos) {
            return value;
        }
        if (lastTimeNanos != 0 && timeNanos != 0) {
            frequency = 1.0 / ((timeNanos - lastTimeNanos) * 1e-9);
        }
        lastTimeNanos = timeNanos;
        double dvalue = x.initialized ? (value - x.raw) * valueScale * frequency : 0.0;
        double edvalue = dx.apply((float) dvalue, alpha(derivateCutoff));
        double cutoff = minCutoff + beta * Math.abs(edvalue);
        return x.apply(value, alpha(cutoff));
    }

    private float alpha(double cutoff) {
        double te = 1.0 / frequency;
        double tau = 1.0 / (2 * Math.PI * cutoff);
        return (float) (1.0 / (1.0 + tau / te));
    }

    /** First sample passes through; later ones blend with the previous output. Keeps raw and output as floats. */
    private static final class LowPass {
        boolean initialized;
        float raw;
        float stored;

        float apply(float value, float alpha) {
            float result = initialized ? alpha * value + (1 - alpha) * stored : value;
            raw = value;
            stored = result;
            initialized = true;
            return result;
        }
    }
}
