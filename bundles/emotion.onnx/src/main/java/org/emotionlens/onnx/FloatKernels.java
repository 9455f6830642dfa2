package org.emotionlens.onnx;

/**
 * Float loops shared by the training engine and the classifier's Java engine, one definition for both. Every vector
 * operand is a whole row array indexed from 0: HotSpot C2 (JDK 17) vectorises {@code y[j] += a * x[j]} but not the
 * same loop with two different start offsets, so matrices are {@code float[rows][width]}. Rows are combined four at
 * a time to cut the loads and stores per multiply-add, with fused multiply-adds where the JVM compiles
 * {@link Math#fma} to the CPU's instruction. Activations are rational approximations without exp (as ONNX Runtime's
 * own sigmoid is), their clamps written with abs, so that loops of them vectorise.
 */
public final class FloatKernels {
    private FloatKernels() { }

    /**
     * Whether the JIT turns Math.fma into an instruction (HotSpot's UseFMA; without it Math.fma is a slow software
     * routine). Read once; the system property {@code emotionlens.train.fma=true|false} overrides it.
     */
    public static final boolean FMA = detectFma();

    private static boolean detectFma() {
        String forced = System.getProperty("emotionlens.train.fma");
        if (forced != null) return Boolean.parseBoolean(forced);
        try {
            // HotSpot's diagnostic bean by reflection through the platform class loader (no com.sun import for OSGi);
            // a tenth of the platform MBean server's start-up cost, which a classifier pays when it starts
            Class<?> bean = ClassLoader.getPlatformClassLoader().loadClass("com.sun.management.HotSpotDiagnosticMXBean");
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object diagnostic = java.lang.management.ManagementFactory.getPlatformMXBean((Class) bean);
            Object option = bean.getMethod("getVMOption", String.class).invoke(diagnostic, "UseFMA");
            return "true".equals(option.getClass().getMethod("getValue").invoke(option));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false; // not HotSpot, or no management: the plain loops
        }
    }

    /** y[0..n) += a * x[0..n). */
    public static void axpy(float[] y, float a, float[] x, int n) {
        if (FMA) for (int j = 0; j < n; j++) y[j] = Math.fma(a, x[j], y[j]);
        else for (int j = 0; j < n; j++) y[j] += a * x[j];
    }

    /** y[0..n) += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3, each over [0, n). */
    public static void axpy4(float[] y, float a0, float[] x0, float a1, float[] x1, float a2, float[] x2, float a3, float[] x3, int n) {
        if (FMA) for (int j = 0; j < n; j++) y[j] = Math.fma(a3, x3[j], Math.fma(a2, x2[j], Math.fma(a1, x1[j], Math.fma(a0, x0[j], y[j]))));
        else for (int j = 0; j < n; j++) y[j] += (a0 * x0[j] + a1 * x1[j]) + (a2 * x2[j] + a3 * x3[j]);
    }

    /** y[0..n) += sum over k in [from, to) of a[k] * x[k][0..n): a row vector times a matrix, added. */
    public static void addRowTimesMatrix(float[] y, float[] a, float[][] x, int from, int to, int n) {
        int k = from;
        for (; k + 4 <= to; k += 4) axpy4(y, a[k], x[k], a[k + 1], x[k + 1], a[k + 2], x[k + 2], a[k + 3], x[k + 3], n);
        for (; k < to; k++) axpy(y, a[k], x[k], n);
    }

    /** selu's alpha and scale (ONNX's alpha and gamma, Keras's constants), to double precision. */
    public static final double SELU_ALPHA_DOUBLE = 1.6732632423543772848170429916717;
    public static final double SELU_SCALE_DOUBLE = 1.0507009873554804934193349852946;

    public static final float SELU_SCALE = (float) SELU_SCALE_DOUBLE;
    public static final float SELU_SCALE_ALPHA = (float) (SELU_SCALE_DOUBLE * SELU_ALPHA_DOUBLE);

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
    public static float tanh(float v) {
        float x = clamp(v);
        return tanhP(x) / tanhQ(x);
    }

    /** max(v, 0) by abs, which the JIT vectorises where it does not vectorise Math.max; exact. */
    private static float relu(float v) {
        return 0.5f * (v + Math.abs(v));
    }

    /**
     * v limited to [-TANH_CLAMP, TANH_CLAMP]: v itself inside (exactly: both corrections are then 0), the bound
     * within an ulp outside, where tanh is flat.
     */
    private static float clamp(float v) {
        return v - relu(v - TANH_CLAMP) + relu(-v - TANH_CLAMP);
    }

    /** sigmoid(z) = (1 + tanh(z / 2)) / 2 = (q + p) / 2q: absolute error below 3e-7 (ONNX Runtime's is a rational approximation too). */
    public static float sigmoid(float z) {
        float x = clamp(0.5f * z);
        float p = tanhP(x), q = tanhQ(x);
        return (q + p) / (q + q);
    }

    /**
     * selu(z) = scale * max(z, 0) + scale * alpha * expm1(min(z, 0)), with expm1(x) = 2t / (1 - t) = 2p / (q - p) for
     * t = tanh(x / 2) = p / q (no cancellation: p &lt;= 0 &lt; q). Error below 3e-7 of scale * alpha.
     */
    public static float selu(float z) {
        float negative = 0.5f * (z - Math.abs(z)); // min(z, 0), exactly
        float x = 0.5f * negative + relu(-0.5f * negative - TANH_CLAMP);
        float p = tanhP(x), q = tanhQ(x);
        return SELU_SCALE * relu(z) + SELU_SCALE_ALPHA * ((p + p) / (q - p));
    }

    /** z[j] = sigmoid(z[j]) for j in [from, to) (the loop vectorises). */
    public static void sigmoid(float[] z, int from, int to) {
        for (int j = from; j < to; j++) z[j] = sigmoid(z[j]);
    }

    /** z[j] = selu(z[j]) for j in [from, to) (the loop vectorises). */
    public static void selu(float[] z, int from, int to) {
        for (int j = from; j < to; j++) z[j] = selu(z[j]);
    }
}
