package org.emotionlens.train.internal;

/**
 * Float loops of the batched engine. Every vector operand is a whole row array indexed from 0: HotSpot C2 (JDK 17)
 * vectorises {@code y[j] += a * x[j]} but not the same loop with two different start offsets, so matrices are
 * {@code float[rows][width]}. Rows are combined four at a time to cut the loads and stores per multiply-add, with
 * fused multiply-adds where the JVM compiles {@link Math#fma} to the CPU's instruction. The summation order is
 * fixed by the code, so results never depend on thread timing (they do depend on FMA or not, like on --threads).
 */
final class Kernels {
    private Kernels() { }

    /**
     * Whether the JIT turns Math.fma into an instruction (HotSpot's UseFMA; without it Math.fma is a slow software
     * routine). Read once; the system property {@code emotionlens.train.fma=true|false} overrides it.
     */
    static final boolean FMA = detectFma();

    private static boolean detectFma() {
        String forced = System.getProperty("emotionlens.train.fma");
        if (forced != null) return Boolean.parseBoolean(forced);
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            Object option = server.invoke(new javax.management.ObjectName("com.sun.management:type=HotSpotDiagnostic"), "getVMOption",
                    new Object[] {"UseFMA"}, new String[] {String.class.getName()});
            return option instanceof javax.management.openmbean.CompositeData cd && "true".equals(cd.get("value"));
        } catch (Exception | LinkageError e) {
            return false; // not HotSpot, or no management: the plain loops
        }
    }

    /** y[0..n) += a * x[0..n). */
    static void axpy(float[] y, float a, float[] x, int n) {
        if (FMA) for (int j = 0; j < n; j++) y[j] = Math.fma(a, x[j], y[j]);
        else for (int j = 0; j < n; j++) y[j] += a * x[j];
    }

    private static void axpy4(float[] y, float a0, float[] x0, float a1, float[] x1, float a2, float[] x2, float a3, float[] x3, int n) {
        if (FMA) for (int j = 0; j < n; j++) y[j] = Math.fma(a3, x3[j], Math.fma(a2, x2[j], Math.fma(a1, x1[j], Math.fma(a0, x0[j], y[j]))));
        else for (int j = 0; j < n; j++) y[j] += (a0 * x0[j] + a1 * x1[j]) + (a2 * x2[j] + a3 * x3[j]);
    }

    /** y[0..n) += sum over k in [from, to) of a[k] * x[k][0..n): a row vector times a matrix, added. */
    static void addRowTimesMatrix(float[] y, float[] a, float[][] x, int from, int to, int n) {
        int k = from;
        for (; k + 4 <= to; k += 4) axpy4(y, a[k], x[k], a[k + 1], x[k + 1], a[k + 2], x[k + 2], a[k + 3], x[k + 3], n);
        for (; k < to; k++) axpy(y, a[k], x[k], n);
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

    private static final float SELU_SCALE = (float) Activation.SELU_SCALE;
    private static final float SELU_SCALE_ALPHA = (float) (Activation.SELU_SCALE * Activation.SELU_ALPHA);

    private static final float TANH_CLAMP = 7.90531110763549805f;

    /** Numerator of Eigen's float tanh (odd polynomial of degree 13) for x already in [-TANH_CLAMP, TANH_CLAMP]. */
    private static float tanhP(float x) {
        float x2 = x * x;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = p * x2 + -8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        return p * x;
    }

    /** Denominator (even polynomial of degree 6, always positive). */
    private static float tanhQ(float x) {
        float x2 = x * x;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        return q * x2 + 4.89352518554385e-03f;
    }

    /**
     * tanh by Eigen's float rational approximation p/q on [-7.9053, 7.9053], clamped outside: |error| below 4e-7,
     * no exp, and loops of it vectorise. sigmoid and selu below use the same p and q with one division each.
     */
    static float tanh(float v) {
        float x = Math.min(TANH_CLAMP, Math.max(-TANH_CLAMP, v));
        return tanhP(x) / tanhQ(x);
    }

    /** sigmoid(z) = (1 + tanh(z / 2)) / 2 = (q + p) / 2q: absolute error below 3e-7 (ONNX Runtime's is a rational approximation too). */
    static float sigmoid(float z) {
        float x = Math.min(TANH_CLAMP, Math.max(-TANH_CLAMP, 0.5f * z));
        float p = tanhP(x), q = tanhQ(x);
        return (q + p) / (q + q);
    }

    /**
     * selu(z) = scale * max(z, 0) + scale * alpha * expm1(min(z, 0)), with expm1(x) = 2t / (1 - t) = 2p / (q - p) for
     * t = tanh(x / 2) = p / q (no cancellation: p &lt;= 0 &lt; q). Error below 3e-7 of scale * alpha.
     */
    static float selu(float z) {
        float x = Math.max(-TANH_CLAMP, 0.5f * Math.min(z, 0f));
        float p = tanhP(x), q = tanhQ(x);
        return SELU_SCALE * Math.max(z, 0f) + SELU_SCALE_ALPHA * ((p + p) / (q - p));
    }

    /** z[j] = sigmoid(z[j]) for j in [from, to) (the loop vectorises). */
    static void sigmoid(float[] z, int from, int to) {
        for (int j = from; j < to; j++) z[j] = sigmoid(z[j]);
    }

    /** z[j] = selu(z[j]) for j in [from, to) (the loop vectorises). */
    static void selu(float[] z, int from, int to) {
        for (int j = from; j < to; j++) z[j] = selu(z[j]);
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
