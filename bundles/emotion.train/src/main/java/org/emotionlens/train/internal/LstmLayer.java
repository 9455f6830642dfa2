package org.emotionlens.train.internal;

import java.util.List;
import java.util.Random;

/**
 * Keras-compatible LSTM: kernel W [in][4u], recurrent kernel U [u][4u], one bias [4u], gate order i, f, c, o.
 * i, f, o use the recurrent activation (sigmoid); the candidate cell and the cell state on the way out use
 * {@code activation} (selu in the paper's model). Zero initial state. Returns the whole sequence or the last step.
 */
public final class LstmLayer extends Layer {
    private final int in;
    private final int units;
    private final boolean returnSequences;
    private final Activation activation;

    public LstmLayer(int in, int units, boolean returnSequences, Activation activation) {
        this.in = in;
        this.units = units;
        this.returnSequences = returnSequences;
        this.activation = activation;
    }

    public int units() { return units; }
    public boolean returnSequences() { return returnSequences; }
    public Activation activation() { return activation; }

    @Override public int inSize() { return in; }
    @Override public int outSize() { return units; }
    @Override public int paramCount() { return 4 * units * (in + units + 1); }
    @Override public List<int[]> kernelRanges() { return List.of(new int[] {kernelOffset(), kernelOffset() + in * 4 * units}); }

    public int kernelOffset() { return offset(); }
    public int recurrentOffset() { return offset() + in * 4 * units; }
    public int biasOffset() { return recurrentOffset() + units * 4 * units; }

    @Override
    public void init(double[] p, Random rnd) {
        int g = 4 * units;
        double limit = Math.sqrt(6.0 / (in + g)); // glorot_uniform on (in, 4u)
        for (int k = 0; k < in * g; k++) p[kernelOffset() + k] = (rnd.nextDouble() * 2 - 1) * limit;
        // orthogonal recurrent kernel: u rows of length 4u, orthonormalised (Gram-Schmidt on gaussian rows)
        double[][] rows = new double[units][g];
        for (int r = 0; r < units; r++) {
            for (int j = 0; j < g; j++) rows[r][j] = rnd.nextGaussian();
            for (int q = 0; q < r; q++) {
                double dot = 0;
                for (int j = 0; j < g; j++) dot += rows[r][j] * rows[q][j];
                for (int j = 0; j < g; j++) rows[r][j] -= dot * rows[q][j];
            }
            double norm = 0;
            for (int j = 0; j < g; j++) norm += rows[r][j] * rows[r][j];
            norm = Math.sqrt(norm);
            for (int j = 0; j < g; j++) rows[r][j] /= norm;
        }
        for (int r = 0; r < units; r++) System.arraycopy(rows[r], 0, p, recurrentOffset() + r * g, g);
        // unit_forget_bias: forget gate bias 1, the rest 0
        for (int j = 0; j < g; j++) p[biasOffset() + j] = (j >= units && j < 2 * units) ? 1 : 0;
    }

    static final class LstmCache extends Cache {
        double[][] i, f, zg, g, o, c, actC, h;
    }

    @Override
    public Cache forward(double[] p, double[][] x) {
        int T = x.length;
        int u = units;
        int g4 = 4 * u;
        LstmCache c = new LstmCache();
        c.in = x;
        c.i = new double[T][u]; c.f = new double[T][u]; c.zg = new double[T][u]; c.g = new double[T][u];
        c.o = new double[T][u]; c.c = new double[T][u]; c.actC = new double[T][u]; c.h = new double[T][u];
        int wOff = kernelOffset(), uOff = recurrentOffset(), bOff = biasOffset();
        double[] z = new double[g4];
        for (int t = 0; t < T; t++) {
            System.arraycopy(p, bOff, z, 0, g4);
            double[] xt = x[t];
            for (int k = 0; k < in; k++) {
                double xv = xt[k];
                if (xv == 0) continue;
                int row = wOff + k * g4;
                for (int j = 0; j < g4; j++) z[j] += xv * p[row + j];
            }
            if (t > 0) {
                double[] hp = c.h[t - 1];
                for (int k = 0; k < u; k++) {
                    double hv = hp[k];
                    if (hv == 0) continue;
                    int row = uOff + k * g4;
                    for (int j = 0; j < g4; j++) z[j] += hv * p[row + j];
                }
            }
            double[] it = c.i[t], ft = c.f[t], zgt = c.zg[t], gt = c.g[t], ot = c.o[t], ct = c.c[t], act = c.actC[t], ht = c.h[t];
            double[] cPrev = t > 0 ? c.c[t - 1] : null;
            for (int j = 0; j < u; j++) {
                it[j] = Activation.sigmoid(z[j]);
                ft[j] = Activation.sigmoid(z[u + j]);
                zgt[j] = z[2 * u + j];
                gt[j] = activation.apply(zgt[j]);
                ot[j] = Activation.sigmoid(z[3 * u + j]);
                ct[j] = (cPrev == null ? 0 : ft[j] * cPrev[j]) + it[j] * gt[j];
                act[j] = activation.apply(ct[j]);
                ht[j] = ot[j] * act[j];
            }
        }
        c.out = returnSequences ? c.h : new double[][] {c.h[T - 1]};
        return c;
    }

    @Override
    public double[][] backward(double[] p, Cache cache, double[][] dOut, double[] grad) {
        LstmCache c = (LstmCache) cache;
        int T = c.in.length;
        int u = units;
        int g4 = 4 * u;
        int wOff = kernelOffset(), uOff = recurrentOffset(), bOff = biasOffset();
        double[][] dx = new double[T][in];
        double[] dhNext = new double[u];
        double[] dcNext = new double[u];
        double[] dz = new double[g4];
        for (int t = T - 1; t >= 0; t--) {
            double[] dyt = returnSequences ? dOut[t] : (t == T - 1 ? dOut[0] : null);
            double[] it = c.i[t], ft = c.f[t], zgt = c.zg[t], gt = c.g[t], ot = c.o[t], ct = c.c[t], act = c.actC[t];
            double[] cPrev = t > 0 ? c.c[t - 1] : null;
            for (int j = 0; j < u; j++) {
                double dh = dhNext[j] + (dyt == null ? 0 : dyt[j]);
                double dO = dh * act[j];
                double dc = dh * ot[j] * activation.derivative(ct[j]) + dcNext[j];
                double dI = dc * gt[j];
                double dG = dc * it[j];
                double dF = cPrev == null ? 0 : dc * cPrev[j];
                dcNext[j] = dc * ft[j];
                dz[j] = dI * it[j] * (1 - it[j]);
                dz[u + j] = dF * ft[j] * (1 - ft[j]);
                dz[2 * u + j] = dG * activation.derivative(zgt[j]);
                dz[3 * u + j] = dO * ot[j] * (1 - ot[j]);
            }
            for (int j = 0; j < g4; j++) grad[bOff + j] += dz[j];
            double[] xt = c.in[t];
            double[] dxt = dx[t];
            for (int k = 0; k < in; k++) {
                int row = wOff + k * g4;
                double xv = xt[k];
                double s = 0;
                for (int j = 0; j < g4; j++) {
                    grad[row + j] += xv * dz[j];
                    s += dz[j] * p[row + j];
                }
                dxt[k] = s;
            }
            if (t > 0) {
                double[] hp = c.h[t - 1];
                for (int k = 0; k < u; k++) {
                    int row = uOff + k * g4;
                    double hv = hp[k];
                    double s = 0;
                    for (int j = 0; j < g4; j++) {
                        grad[row + j] += hv * dz[j];
                        s += dz[j] * p[row + j];
                    }
                    dhNext[k] = s;
                }
            }
        }
        return dx;
    }

    @Override
    public String describe() {
        return "LSTM(" + units + ", " + activation.name().toLowerCase() + (returnSequences ? ", sequences" : ", last step") + ")";
    }
}
