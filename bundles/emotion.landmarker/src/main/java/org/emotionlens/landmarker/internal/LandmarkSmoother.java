package org.emotionlens.landmarker.internal;

/**
 * FACTS 6: One Euro smoothing of 478 landmarks (x, y, z each its own filter) in pixel units, value-scaled by the
 * landmarks' own size. min_cutoff 0.05, beta 80, derivate_cutoff 1, start frequency 30 Hz.
 */
final class LandmarkSmoother {
    private final OneEuroFilter[] filters;

    LandmarkSmoother(int landmarks) {
        filters = new OneEuroFilter[landmarks * 3];
        for (int i = 0; i < filters.length; i++) {
            filters[i] = new OneEuroFilter(30.0, 0.05, 80.0, 1.0);
        }
    }

    /** Smoothed copy of {@code lm} (x, y normalised, z on the x scale) of an image W x H at this time. */
    float[] apply(float[] lm, int width, int height, long timestampMicros) {
        int n = lm.length / 3;
        float minX = Float.MAX_VALUE;
        float maxX = -Float.MAX_VALUE;
        float minY = Float.MAX_VALUE;
        float maxY = -Float.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            float x = lm[3 * i] * width;
            float y = lm[3 * i + 1] * height;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        float objectScale = ((maxX - minX) + (maxY - minY)) / 2f;
        if (objectScale < 1e-6f) {
            return lm.clone();
        }
        float valueScale = 1f / objectScale;
        long t = timestampMicros * 1000L;
        float[] out = new float[lm.length];
        for (int i = 0; i < n; i++) {
            out[3 * i] = filters[3 * i].apply(t, lm[3 * i] * width, valueScale) / width;
            out[3 * i + 1] = filters[3 * i + 1].apply(t, lm[3 * i + 1] * height, valueScale) / height;
            out[3 * i + 2] = filters[3 * i + 2].apply(t, lm[3 * i + 2] * width, valueScale) / width;
        }
        return out;
    }
}
