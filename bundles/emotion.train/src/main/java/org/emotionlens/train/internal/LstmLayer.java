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
    int outSteps(int steps) { return returnSequences ? steps : 1; }

    @Override
    Weights newWeights() { return new LstmWeights(); }

    @Override
    Work newWork(Weights weights, int maxRows, int steps) { return new LstmWork((LstmWeights) weights, maxRows, steps); }

    /** Keras's concatenated form: rows [in + u][4u] = kernel rows then recurrent rows, their transpose, the bias. */
    final class LstmWeights extends Weights {
        final float[][] wu = new float[in + units][4 * units];
        final float[][] wuT = new float[4 * units][in + units];
        final float[] bias = new float[4 * units];

        @Override
        void load(double[] p) {
            Kernels.load(wu, p, kernelOffset()); // the recurrent kernel follows the kernel in the parameter vector
            for (int j = 0; j < bias.length; j++) bias[j] = (float) p[biasOffset() + j];
            Kernels.transpose(wu, wuT);
        }
    }

    /**
     * Batched float LSTM. Step t of sample r: the row [x_t | h_{t-1}] (length in + u) times the concatenated weights
     * gives the 4u gate pre-activations, so each step is one vectorised row-times-matrix per sample; backward, the
     * transposed weights give [dx_t | dh_{t-1}] the same way. The element-wise work of a step (gates, cell, their
     * gradients) runs on flat per-gate arrays holding all rows of the step (index r * u + j), so those loops are long
     * and vectorise too. The activated gates are kept, and every derivative follows from them without another exp.
     */
    final class LstmWork extends Work {
        private final LstmWeights w;
        private final int steps;
        /** [x_t | h_{t-1}] rows, kept for the weight gradient: [steps * maxRows][in + u]. */
        private final float[][] xh;
        /** Gate pre-activations of one step: [maxRows][4u]. */
        private final float[][] z;
        /** Per step, all rows flat (r * u + j): activated gates i, f, g, o, cell c and act(c). */
        private final float[][] gi, gf, gg, go, c, ac;
        private final float[][] h;
        private final float[] hFlat;
        // backward
        private final float[][] dz;
        private final float[][] dxh;
        private final float[] dh, dc, dy, dAct, dGate, dzi, dzf, dzg, dzo, zeros;
        private final float[][] gwu;
        private final float[] gb;
        private int rows;

        LstmWork(LstmWeights w, int maxRows, int steps) {
            this.w = w;
            this.steps = steps;
            int u = units, all = steps * maxRows, flat = maxRows * u;
            xh = new float[all][in + u];
            z = new float[maxRows][4 * u];
            gi = new float[steps][flat];
            gf = new float[steps][flat];
            gg = new float[steps][flat];
            go = new float[steps][flat];
            c = new float[steps][flat];
            ac = new float[steps][flat];
            h = new float[all][u];
            hFlat = new float[flat];
            out = returnSequences ? h : new float[maxRows][];
            dz = new float[maxRows][4 * u];
            dxh = new float[maxRows][in + u];
            dh = new float[flat];
            dc = new float[flat];
            dy = new float[flat];
            dAct = new float[flat];
            dGate = new float[flat];
            dzi = new float[flat];
            dzf = new float[flat];
            dzg = new float[flat];
            dzo = new float[flat];
            zeros = new float[flat];
            dx = new float[all][in];
            gwu = new float[in + u][4 * u];
            gb = new float[4 * u];
        }

        private void activate(float[] a, int n, boolean sigmoid) {
            if (sigmoid) Kernels.sigmoid(a, 0, n);
            else if (activation == Activation.SELU) Kernels.selu(a, 0, n);
            else for (int p = 0; p < n; p++) a[p] = Kernels.apply(activation, a[p]);
        }

        @Override
        void forward(float[][] x, int rows) {
            this.rows = rows;
            int u = units, g4 = 4 * u, k = in + u, n = rows * u;
            for (int t = 0; t < steps; t++) {
                for (int r = 0; r < rows; r++) {
                    int row = t * rows + r;
                    float[] xr = xh[row];
                    System.arraycopy(x[row], 0, xr, 0, in);
                    if (t == 0) java.util.Arrays.fill(xr, in, k, 0f);
                    else System.arraycopy(h[row - rows], 0, xr, in, u);
                    System.arraycopy(w.bias, 0, z[r], 0, g4);
                }
                Kernels.addRowsTimesMatrix(z, 0, xh, t * rows, w.wu, 0, t == 0 ? in : k, rows, g4); // h_{-1} = 0
                float[] i = gi[t], f = gf[t], g = gg[t], o = go[t], ct = c[t], at = ac[t];
                for (int r = 0; r < rows; r++) { // Keras gate blocks i, f, c, o
                    System.arraycopy(z[r], 0, i, r * u, u);
                    System.arraycopy(z[r], u, f, r * u, u);
                    System.arraycopy(z[r], 2 * u, g, r * u, u);
                    System.arraycopy(z[r], 3 * u, o, r * u, u);
                }
                activate(i, n, true);
                activate(f, n, true);
                activate(g, n, false);
                activate(o, n, true);
                float[] cPrev = t == 0 ? zeros : c[t - 1];
                for (int p = 0; p < n; p++) ct[p] = f[p] * cPrev[p] + i[p] * g[p];
                System.arraycopy(ct, 0, at, 0, n);
                activate(at, n, false);
                for (int p = 0; p < n; p++) hFlat[p] = o[p] * at[p];
                for (int r = 0; r < rows; r++) System.arraycopy(hFlat, r * u, h[t * rows + r], 0, u);
            }
            if (!returnSequences) for (int r = 0; r < rows; r++) out[r] = h[(steps - 1) * rows + r];
        }

        /** d[p] = act'(z) from the activation's output y[p]. */
        private void derivative(float[] y, float[] d, int n) {
            if (activation == Activation.SELU) Kernels.seluDerivativeFromOutput(y, d, n);
            else for (int p = 0; p < n; p++) d[p] = Kernels.derivativeFromOutput(activation, y[p]);
        }

        @Override
        void backward(float[][] dOut, int rows, boolean needDx) {
            int u = units, g4 = 4 * u, k = in + u, n = rows * u;
            java.util.Arrays.fill(dh, 0, n, 0f);
            java.util.Arrays.fill(dc, 0, n, 0f);
            for (int t = steps - 1; t >= 0; t--) {
                if (returnSequences || t == steps - 1) {
                    for (int r = 0; r < rows; r++) System.arraycopy(dOut[returnSequences ? t * rows + r : r], 0, dy, r * u, u);
                    for (int p = 0; p < n; p++) dh[p] += dy[p];
                }
                float[] i = gi[t], f = gf[t], g = gg[t], o = go[t], at = ac[t];
                float[] cPrev = t == 0 ? zeros : c[t - 1];
                derivative(at, dAct, n);
                derivative(g, dGate, n);
                // short loops: C2 does not vectorise one loop over all fourteen arrays
                for (int p = 0; p < n; p++) dc[p] = dh[p] * o[p] * dAct[p] + dc[p]; // dLoss/dc_t
                for (int p = 0; p < n; p++) {
                    float ip = i[p];
                    dzi[p] = dc[p] * g[p] * ip * (1 - ip);
                    dzg[p] = dc[p] * ip * dGate[p];
                }
                for (int p = 0; p < n; p++) {
                    float op = o[p];
                    dzo[p] = dh[p] * at[p] * op * (1 - op);
                }
                for (int p = 0; p < n; p++) {
                    float fp = f[p];
                    dzf[p] = dc[p] * cPrev[p] * fp * (1 - fp);
                    dc[p] = dc[p] * fp; // on to c_{t-1}
                }
                for (int r = 0; r < rows; r++) {
                    float[] d = dz[r];
                    System.arraycopy(dzi, r * u, d, 0, u);
                    System.arraycopy(dzf, r * u, d, u, u);
                    System.arraycopy(dzg, r * u, d, 2 * u, u);
                    System.arraycopy(dzo, r * u, d, 3 * u, u);
                }
                Kernels.addRows(gb, dz, rows, g4);
                int kTo = t == 0 ? in : k; // h_{-1} = 0: no recurrent-kernel gradient at the first step
                for (int q = 0; q < kTo; q++) Kernels.addColumnTimesRows(gwu[q], xh, t * rows, q, dz, rows, g4);
                if (t > 0 || needDx) {
                    for (int r = 0; r < rows; r++) {
                        float[] d = dxh[r];
                        java.util.Arrays.fill(d, 0f);
                        Kernels.addRowTimesMatrix(d, dz[r], w.wuT, 0, g4, k);
                        if (needDx) System.arraycopy(d, 0, dx[t * rows + r], 0, in);
                        System.arraycopy(d, in, dh, r * u, u);
                    }
                }
            }
        }

        @Override
        void zeroGradient() {
            Kernels.zero(gwu);
            java.util.Arrays.fill(gb, 0f);
        }

        @Override
        void addGradientTo(double[] grad) {
            Kernels.addTo(grad, kernelOffset(), gwu);
            Kernels.addTo(grad, biasOffset(), gb);
        }
    }

    @Override
    public String describe() {
        return "LSTM(" + units + ", " + activation.name().toLowerCase() + (returnSequences ? ", sequences" : ", last step") + ")";
    }
}
