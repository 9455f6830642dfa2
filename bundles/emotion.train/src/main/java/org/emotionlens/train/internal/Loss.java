package org.emotionlens.train.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Losses on softmax probabilities; gradients are returned with respect to the logits. */
public abstract class Loss {
    /** Keras clips probabilities to [eps, 1 - eps] before the log. */
    static final double EPS = 1e-7;

    public abstract String name();

    public abstract double value(double[] p, int label);

    /** dLoss/dProbabilities. */
    public abstract double[] gradProb(double[] p, int label);

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        return m;
    }

    /** Chain rule through softmax: dz_j = p_j (g_j - sum_k g_k p_k). */
    public double[] gradLogits(double[] p, int label) {
        double[] g = gradProb(p, label);
        double dot = 0;
        for (int k = 0; k < p.length; k++) dot += g[k] * p[k];
        double[] dz = new double[p.length];
        for (int j = 0; j < p.length; j++) dz[j] = p[j] * (g[j] - dot);
        return dz;
    }

    static double clip(double v) { return Math.min(1 - EPS, Math.max(EPS, v)); }

    public static Loss parse(String name, double focalAlpha, double focalGamma) {
        switch (name.toLowerCase()) {
            case "cce": case "categorical_crossentropy": return new CategoricalCrossEntropy();
            case "mse": return new MeanSquaredError();
            case "focal": return new CategoricalFocal(focalAlpha, focalGamma);
            default: throw new IllegalArgumentException("unknown loss '" + name + "': use cce, mse or focal");
        }
    }

    public static final class CategoricalCrossEntropy extends Loss {
        @Override public String name() { return "cce"; }
        @Override public double value(double[] p, int y) { return -Math.log(clip(p[y])); }
        @Override public double[] gradProb(double[] p, int y) {
            double[] g = new double[p.length];
            g[y] = -1 / Math.max(p[y], EPS);
            return g;
        }
        // exact and numerically safe form of the chain rule for this case
        @Override public double[] gradLogits(double[] p, int y) {
            double[] dz = p.clone();
            dz[y] -= 1;
            return dz;
        }
    }

    /** Keras MeanSquaredError: mean over the classes of (y - p)^2. */
    public static final class MeanSquaredError extends Loss {
        @Override public String name() { return "mse"; }
        @Override public double value(double[] p, int y) {
            double s = 0;
            for (int k = 0; k < p.length; k++) { double d = p[k] - (k == y ? 1 : 0); s += d * d; }
            return s / p.length;
        }
        @Override public double[] gradProb(double[] p, int y) {
            double[] g = new double[p.length];
            for (int k = 0; k < p.length; k++) g[k] = 2 * (p[k] - (k == y ? 1 : 0)) / p.length;
            return g;
        }
    }

    /** Keras CategoricalFocalCrossentropy: -alpha (1 - p_y)^gamma log p_y. */
    public static final class CategoricalFocal extends Loss {
        final double alpha;
        final double gamma;

        public CategoricalFocal(double alpha, double gamma) {
            this.alpha = alpha;
            this.gamma = gamma;
        }

        @Override public String name() { return "focal"; }
        @Override public double value(double[] p, int y) {
            double py = clip(p[y]);
            return -alpha * Math.pow(1 - py, gamma) * Math.log(py);
        }
        @Override public double[] gradProb(double[] p, int y) {
            double py = clip(p[y]);
            double[] g = new double[p.length];
            double powTerm = gamma == 0 ? 0 : gamma * Math.pow(1 - py, gamma - 1) * Math.log(py);
            g[y] = -alpha * (-powTerm + Math.pow(1 - py, gamma) / py);
            return g;
        }
        @Override public Map<String, Object> describe() {
            Map<String, Object> m = super.describe();
            m.put("alpha", alpha);
            m.put("gamma", gamma);
            return m;
        }
    }
}
