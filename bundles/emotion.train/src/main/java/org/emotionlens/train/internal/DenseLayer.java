package org.emotionlens.train.internal;

import java.util.List;
import java.util.Random;

/** Fully connected layer y = act(x W + b), W stored [in][out] like a Keras kernel; applied to every step. */
public final class DenseLayer extends Layer {
    private final int in;
    private final int out;
    private final Activation activation;

    public DenseLayer(int in, int out, Activation activation) {
        this.in = in;
        this.out = out;
        this.activation = activation;
    }

    public Activation activation() { return activation; }

    @Override public int inSize() { return in; }
    @Override public int outSize() { return out; }
    @Override public int paramCount() { return in * out + out; }
    @Override public List<int[]> kernelRanges() { return List.of(new int[] {offset(), offset() + in * out}); }

    public int kernelOffset() { return offset(); }
    public int biasOffset() { return offset() + in * out; }

    @Override
    public void init(double[] p, Random rnd) {
        // glorot_uniform kernel, zero bias (Keras defaults)
        double limit = Math.sqrt(6.0 / (in + out));
        for (int k = 0; k < in * out; k++) p[offset() + k] = (rnd.nextDouble() * 2 - 1) * limit;
        for (int j = 0; j < out; j++) p[biasOffset() + j] = 0;
    }

    static final class DenseCache extends Cache {
        double[][] pre;
    }

    @Override
    public Cache forward(double[] p, double[][] x) {
        DenseCache c = new DenseCache();
        c.in = x;
        c.pre = new double[x.length][out];
        c.out = new double[x.length][out];
        int w = offset();
        int b = biasOffset();
        for (int t = 0; t < x.length; t++) {
            double[] z = c.pre[t];
            System.arraycopy(p, b, z, 0, out);
            double[] xt = x[t];
            for (int k = 0; k < in; k++) {
                double xv = xt[k];
                if (xv == 0) continue;
                int row = w + k * out;
                for (int j = 0; j < out; j++) z[j] += xv * p[row + j];
            }
            for (int j = 0; j < out; j++) c.out[t][j] = activation.apply(z[j]);
        }
        return c;
    }

    @Override
    public double[][] backward(double[] p, Cache cache, double[][] dOut, double[] grad) {
        DenseCache c = (DenseCache) cache;
        double[][] dx = new double[c.in.length][in];
        int w = offset();
        int b = biasOffset();
        double[] dz = new double[out];
        for (int t = 0; t < c.in.length; t++) {
            if (dOut[t] == null) continue;
            for (int j = 0; j < out; j++) dz[j] = dOut[t][j] * activation.derivative(c.pre[t][j]);
            for (int j = 0; j < out; j++) grad[b + j] += dz[j];
            double[] xt = c.in[t];
            for (int k = 0; k < in; k++) {
                int row = w + k * out;
                double xv = xt[k];
                double s = 0;
                for (int j = 0; j < out; j++) {
                    grad[row + j] += xv * dz[j];
                    s += dz[j] * p[row + j];
                }
                dx[t][k] = s;
            }
        }
        return dx;
    }

    @Override
    Weights newWeights() { return new DenseWeights(); }

    @Override
    Work newWork(Weights weights, int maxRows, int steps) { return new DenseWork((DenseWeights) weights, maxRows, steps); }

    final class DenseWeights extends Weights {
        final float[][] w = new float[in][out];
        final float[][] wT = new float[out][in];
        final float[] b = new float[out];

        @Override
        void load(double[] p) {
            Kernels.load(w, p, kernelOffset());
            for (int j = 0; j < out; j++) b[j] = (float) p[biasOffset() + j];
            Kernels.transpose(w, wT);
        }
    }

    /** Batched float dense layer over steps * rows input rows. */
    final class DenseWork extends Work {
        private final DenseWeights w;
        private final int steps;
        private final float[][] dz;
        private final float[][] gw;
        private final float[] gb;
        private float[][] x;

        DenseWork(DenseWeights w, int maxRows, int steps) {
            this.w = w;
            this.steps = steps;
            int n = steps * maxRows;
            int o = DenseLayer.this.out;
            out = new float[n][o];
            dz = new float[n][o];
            dx = new float[n][in];
            gw = new float[in][o];
            gb = new float[o];
        }

        @Override
        void forward(float[][] x, int rows) {
            this.x = x;
            int n = steps * rows;
            for (int i = 0; i < n; i++) {
                float[] z = out[i];
                System.arraycopy(w.b, 0, z, 0, DenseLayer.this.out);
                Kernels.addRowTimesMatrix(z, x[i], w.w, 0, in, DenseLayer.this.out);
                if (activation != Activation.LINEAR)
                    for (int j = 0; j < z.length; j++) z[j] = Kernels.apply(activation, z[j]);
            }
        }

        @Override
        void backward(float[][] dOut, int rows, boolean needDx) {
            int n = steps * rows, o = DenseLayer.this.out;
            for (int i = 0; i < n; i++) {
                float[] d = dOut[i], y = out[i], dzi = dz[i];
                for (int j = 0; j < o; j++) dzi[j] = activation == Activation.LINEAR ? d[j] : d[j] * Kernels.derivativeFromOutput(activation, y[j]);
            }
            Kernels.addRows(gb, dz, n, o);
            for (int k = 0; k < in; k++) Kernels.addColumnTimesRows(gw[k], x, 0, k, dz, n, o);
            if (needDx) {
                for (int i = 0; i < n; i++) {
                    java.util.Arrays.fill(dx[i], 0f);
                    Kernels.addRowTimesMatrix(dx[i], dz[i], w.wT, 0, o, in);
                }
            }
        }

        @Override
        void zeroGradient() {
            Kernels.zero(gw);
            java.util.Arrays.fill(gb, 0f);
        }

        @Override
        void addGradientTo(double[] grad) {
            Kernels.addTo(grad, kernelOffset(), gw);
            Kernels.addTo(grad, biasOffset(), gb);
        }
    }

    @Override
    public String describe() {
        return "Dense(" + out + (activation == Activation.LINEAR ? "" : ", " + activation.name().toLowerCase()) + ")";
    }
}
