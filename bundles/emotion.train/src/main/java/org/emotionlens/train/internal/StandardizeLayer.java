package org.emotionlens.train.internal;

import java.util.List;
import java.util.Random;

/**
 * Fixed (not trained) per-feature scaling y = (x - mean) * invStd, fitted on the training rows. Exported as
 * ONNX Sub + Mul, so deployed models take raw blendshape scores.
 */
public final class StandardizeLayer extends Layer {
    private final double[] mean;
    private final double[] invStd;

    public StandardizeLayer(double[] mean, double[] invStd) {
        this.mean = mean.clone();
        this.invStd = invStd.clone();
    }

    public static StandardizeLayer fit(double[][] rows) {
        int f = rows[0].length;
        double[] mean = new double[f];
        double[] inv = new double[f];
        for (double[] r : rows) for (int j = 0; j < f; j++) mean[j] += r[j];
        for (int j = 0; j < f; j++) mean[j] /= rows.length;
        for (double[] r : rows) for (int j = 0; j < f; j++) inv[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
        for (int j = 0; j < f; j++) {
            double sd = Math.sqrt(inv[j] / rows.length);
            inv[j] = 1.0 / Math.max(sd, 1e-3); // near-constant scores are not blown up
        }
        // store float-exact values so the Java forward pass equals the exported graph
        for (int j = 0; j < f; j++) { mean[j] = (float) mean[j]; inv[j] = (float) inv[j]; }
        return new StandardizeLayer(mean, inv);
    }

    public double[] mean() { return mean.clone(); }
    public double[] invStd() { return invStd.clone(); }

    @Override public int inSize() { return mean.length; }
    @Override public int outSize() { return mean.length; }
    @Override public int paramCount() { return 0; }
    @Override public List<int[]> kernelRanges() { return List.of(); }
    @Override public void init(double[] params, Random rnd) { }

    @Override
    public Cache forward(double[] params, double[][] x) {
        Cache c = new Cache();
        c.in = x;
        c.out = new double[x.length][mean.length];
        for (int t = 0; t < x.length; t++)
            for (int j = 0; j < mean.length; j++) c.out[t][j] = (x[t][j] - mean[j]) * invStd[j];
        return c;
    }

    @Override
    public double[][] backward(double[] params, Cache cache, double[][] dOut, double[] grad) {
        double[][] dx = new double[dOut.length][mean.length];
        for (int t = 0; t < dOut.length; t++)
            for (int j = 0; j < mean.length; j++) dx[t][j] = dOut[t][j] * invStd[j];
        return dx;
    }

    @Override
    Weights newWeights() {
        return new Weights() {
            @Override void load(double[] params) { }
        };
    }

    @Override
    Work newWork(Weights weights, int maxRows, int steps) {
        int f = mean.length;
        float[] m = new float[f], inv = new float[f];
        for (int j = 0; j < f; j++) { m[j] = (float) mean[j]; inv[j] = (float) invStd[j]; }
        return new Work() {
            {
                out = new float[steps * maxRows][f];
                dx = new float[steps * maxRows][f];
            }

            @Override
            void forward(float[][] x, int rows) {
                for (int i = 0; i < steps * rows; i++) {
                    float[] xi = x[i], yi = out[i];
                    for (int j = 0; j < f; j++) yi[j] = (xi[j] - m[j]) * inv[j];
                }
            }

            @Override
            void backward(float[][] dOut, int rows, boolean needDx) {
                if (!needDx) return;
                for (int i = 0; i < steps * rows; i++) {
                    float[] d = dOut[i], di = dx[i];
                    for (int j = 0; j < f; j++) di[j] = d[j] * inv[j];
                }
            }

            @Override void zeroGradient() { }

            @Override void addGradientTo(double[] grad) { }
        };
    }

    @Override public String describe() { return "Standardize"; }
}
