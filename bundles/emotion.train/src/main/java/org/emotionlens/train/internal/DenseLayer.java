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
    public String describe() {
        return "Dense(" + out + (activation == Activation.LINEAR ? "" : ", " + activation.name().toLowerCase()) + ")";
    }
}
