package org.emotionlens.train.internal;

import org.emotionlens.onnx.FloatKernels;

/**
 * Float loops of the batched engine, on the shared row loops and activations of {@link FloatKernels}. The summation
 * order is fixed by the code, so results never depend on thread timing (they do depend on FMA or not, like on --threads).
 */
final class Kernels {
    private Kernels() { }

    static final boolean FMA = FloatKernels.FMA;

    static void axpy(float[] y, float a, float[] x, int n) {
        FloatKernels.axpy(y, a, x, n);
    }

    private static void axpy4(float[] y, float a0, float[] x0, float a1, float[] x1, float a2, float[] x2, float a3, float[] x3, int n) {
        FloatKernels.axpy4(y, a0, x0, a1, x1, a2, x2, a3, x3, n);
    }

    static void addRowTimesMatrix(float[] y, float[] a, float[][] x, int from, int to, int n) {
        FloatKernels.addRowTimesMatrix(y, a, x, from, to, n);
    }

    /**
     * y[yFirst + r][0..n) += sum over k in [from, to) of a[aFirst + r][k] * x[k][0..n), for r in [0, rows): a block
     * of rows times a matrix. Four matrix rows at a time are applied to every output row, so they stay in cache.
     */
    static void addRowsTimesMatrix(float[][] y, int yFirst, float[][] a, int aFirst, float[][] x, int from, int to, int rows, int n) {
        int k = from;
        for (; k + 4 <= to; k += 4) {
            float[] x0 = x[k], x1 = x[k + 1], x2 = x[k + 2], x3 = x[k + 3];
            for (int r = 0; r < rows; r++) {
                float[] ar = a[aFirst + r];
                axpy4(y[yFirst + r], ar[k], x0, ar[k + 1], x1, ar[k + 2], x2, ar[k + 3], x3, n);
            }
        }
        for (; k < to; k++) for (int r = 0; r < rows; r++) axpy(y[yFirst + r], a[aFirst + r][k], x[k], n);
    }

    /**
     * y[0..n) += sum over r in [0, count) of a[first + r][col] * x[r][0..n): one row of a transposed matrix product,
     * as in a weight gradient (y = dW[col], a = the layer inputs, x = the pre-activation gradients).
     */
    static void addColumnTimesRows(float[] y, float[][] a, int first, int col, float[][] x, int count, int n) {
        int r = 0;
        for (; r + 4 <= count; r += 4)
            axpy4(y, a[first + r][col], x[r], a[first + r + 1][col], x[r + 1], a[first + r + 2][col], x[r + 2], a[first + r + 3][col], x[r + 3], n);
        for (; r < count; r++) axpy(y, a[first + r][col], x[r], n);
    }

    /** y[0..n) += sum over r in [0, count) of x[r][0..n) (a bias gradient). */
    static void addRows(float[] y, float[][] x, int count, int n) {
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            float[] x0 = x[r], x1 = x[r + 1], x2 = x[r + 2], x3 = x[r + 3];
            for (int j = 0; j < n; j++) y[j] += (x0[j] + x1[j]) + (x2[j] + x3[j]);
        }
        for (; r < count; r++) {
            float[] x0 = x[r];
            for (int j = 0; j < n; j++) y[j] += x0[j];
        }
    }

    /** Rows [rows][cols] of a flat row-major block of params starting at offset, rounded to float. */
    static void load(float[][] dst, double[] params, int offset) {
        int cols = dst.length == 0 ? 0 : dst[0].length;
        for (int r = 0; r < dst.length; r++) {
            float[] row = dst[r];
            int base = offset + r * cols;
            for (int j = 0; j < cols; j++) row[j] = (float) params[base + j];
        }
    }

    /** dst[j][k] = src[k][j]. */
    static void transpose(float[][] src, float[][] dst) {
        for (int k = 0; k < src.length; k++) {
            float[] row = src[k];
            for (int j = 0; j < row.length; j++) dst[j][k] = row[j];
        }
    }

    /** Adds a float matrix, row-major, into the flat double gradient at offset. */
    static void addTo(double[] grad, int offset, float[][] src) {
        int p = offset;
        for (float[] row : src) for (float v : row) grad[p++] += v;
    }

    static void addTo(double[] grad, int offset, float[] src) {
        for (int j = 0; j < src.length; j++) grad[offset + j] += src[j];
    }

    static void zero(float[][] m) {
        for (float[] row : m) java.util.Arrays.fill(row, 0f);
    }

    private static final float SELU_SCALE = FloatKernels.SELU_SCALE;
    private static final float SELU_SCALE_ALPHA = FloatKernels.SELU_SCALE_ALPHA;

    static float tanh(float v) {
        return FloatKernels.tanh(v);
    }

    static float sigmoid(float z) {
        return FloatKernels.sigmoid(z);
    }

    static float selu(float z) {
        return FloatKernels.selu(z);
    }

    static void sigmoid(float[] z, int from, int to) {
        FloatKernels.sigmoid(z, from, to);
    }

    static void selu(float[] z, int from, int to) {
        FloatKernels.selu(z, from, to);
    }

    /** The activation of the pre-activation value z, in float. */
    static float apply(Activation a, float z) {
        switch (a) {
            case RELU: return z > 0 ? z : 0;
            case SELU: return selu(z);
            case SIGMOID: return sigmoid(z);
            case TANH: return tanh(z);
            default: return z;
        }
    }

    /** The activation's derivative expressed through its output y = act(z) (every activation here allows it). */
    static float derivativeFromOutput(Activation a, float y) {
        switch (a) {
            case RELU: return y > 0 ? 1 : 0;
            case SELU: return seluDerivativeFromOutput(y);
            case SIGMOID: return y * (1 - y);
            case TANH: return 1 - y * y;
            default: return 1;
        }
    }

    /**
     * d[p] = selu'(z) from y[p] = selu(z), as {@link #seluDerivativeFromOutput(float)} but without a branch, so the
     * loop vectorises: s = min(1, max(y, 0) * 2^126) is 1 for y &gt; 0 and 0 for y &lt;= 0 (only positive subnormal y,
     * which do not occur, would blend), then d = s * scale + (1 - s) * (y + scale * alpha), exact for s in {0, 1}.
     */
    static void seluDerivativeFromOutput(float[] y, float[] d, int n) {
        for (int p = 0; p < n; p++) {
            float v = y[p];
            float s = Math.min(1f, Math.max(v, 0f) * 0x1p126f);
            d[p] = s * SELU_SCALE + (1f - s) * (v + SELU_SCALE_ALPHA);
        }
    }

    /** selu'(z) from y = selu(z): scale for z > 0, else scale * alpha * exp(z) = y + scale * alpha. */
    static float seluDerivativeFromOutput(float y) {
        return y > 0 ? SELU_SCALE : y + SELU_SCALE_ALPHA;
    }
}
