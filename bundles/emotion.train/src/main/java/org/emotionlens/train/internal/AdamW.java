package org.emotionlens.train.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras AdamW: decoupled weight decay, optional amsgrad, optional global gradient-norm clipping (clipnorm on the
 * concatenation of all gradients, Keras global_clipnorm).
 */
public final class AdamW {
    public final double lr;
    public final double weightDecay;
    public final double beta1 = 0.9;
    public final double beta2 = 0.999;
    public final double epsilon = 1e-7;
    public final boolean amsgrad;
    public final double globalClipNorm;
    private final double[] m;
    private final double[] v;
    private final double[] vMax;
    private long step;

    public AdamW(int size, double lr, double weightDecay, boolean amsgrad, double globalClipNorm) {
        this.lr = lr;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.globalClipNorm = globalClipNorm;
        m = new double[size];
        v = new double[size];
        vMax = new double[size];
    }

    public void update(double[] w, double[] g) {
        if (globalClipNorm > 0) {
            double norm = 0;
            for (double x : g) norm += x * x;
            norm = Math.sqrt(norm);
            if (norm > globalClipNorm) {
                double s = globalClipNorm / norm;
                for (int k = 0; k < g.length; k++) g[k] *= s;
            }
        }
        step++;
        double alpha = lr * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        for (int k = 0; k < w.length; k++) {
            w[k] -= lr * weightDecay * w[k];
            m[k] += (1 - beta1) * (g[k] - m[k]);
            v[k] += (1 - beta2) * (g[k] * g[k] - v[k]);
            double vh = v[k];
            if (amsgrad) { vMax[k] = Math.max(vMax[k], v[k]); vh = vMax[k]; }
            w[k] -= alpha * m[k] / (Math.sqrt(vh) + epsilon);
        }
    }

    /** Step count and moment vectors, for resuming a run exactly. */
    void writeState(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeLong(step);
        for (double[] a : new double[][] {m, v, vMax}) for (double x : a) out.writeDouble(x);
    }

    void readState(java.io.DataInputStream in) throws java.io.IOException {
        step = in.readLong();
        for (double[] a : new double[][] {m, v, vMax}) for (int k = 0; k < a.length; k++) a[k] = in.readDouble();
    }

    public Map<String, Object> describe() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", "AdamW");
        o.put("learningRate", lr);
        o.put("weightDecay", weightDecay);
        o.put("beta1", beta1);
        o.put("beta2", beta2);
        o.put("epsilon", epsilon);
        o.put("amsgrad", amsgrad);
        o.put("globalClipNorm", globalClipNorm);
        return o;
    }
}
