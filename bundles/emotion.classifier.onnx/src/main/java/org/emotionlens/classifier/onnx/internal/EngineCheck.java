package org.emotionlens.classifier.onnx.internal;

/** How the Java engine is held to ONNX Runtime when a classifier starts: probe rows and the allowed difference. */
final class EngineCheck {
    private EngineCheck() { }

    /** Largest difference of a probability allowed between the engines. */
    static final double TOLERANCE = 1e-5;

    /**
     * 3 fixed rows of f scores in [0, 1), row after row, spread over the range blendshape scores take. A misread graph
     * shows on any row; few rows, because they run before the JIT has compiled the engine (startup time).
     */
    static float[] probeRows(int f) {
        int rows = 3;
        float[] v = new float[rows * f];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < f; k++) {
                v[r * f + k] = ((r * 7919 + k * 104729) % 1000) / 1000f * (r + 1) / 3f;
            }
        }
        return v;
    }

    static double maxAbsDifference(float[][] a, float[][] b) {
        double worst = 0;
        for (int r = 0; r < a.length; r++) {
            for (int k = 0; k < a[r].length; k++) {
                worst = Math.max(worst, Math.abs(a[r][k] - b[r][k]));
            }
        }
        return worst;
    }
}
