package org.emotionlens.train.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A stack of layers over one flat parameter vector; the last layer gives logits, softmax is applied here.
 * Predictions run on the batched float engine ({@link FloatEngine}) with the current parameters; code that writes
 * into {@link #params()} directly calls {@link #paramsChanged()} before predicting again. The per-sample double
 * methods ({@link #forwardAll}, {@link #lossAndGradient}, {@link #referencePredict}) are the reference the tests check
 * the engine against.
 */
public final class Network implements Classifier {
    private final boolean sequence;
    private final int featureCount;
    private final List<Layer> layers;
    private final double[] params;
    /** Float engine loaded with the current params, built on first prediction; null after a change. */
    private volatile FloatEngine predictor;

    public Network(boolean sequence, int featureCount, List<Layer> layers) {
        this.sequence = sequence;
        this.featureCount = featureCount;
        this.layers = List.copyOf(layers);
        int offset = 0;
        int width = sequence ? 1 : featureCount;
        for (Layer l : this.layers) {
            if (l.inSize() != width)
                throw new IllegalArgumentException(l.describe() + " expects " + l.inSize() + " inputs, gets " + width);
            l.setOffset(offset);
            offset += l.paramCount();
            width = l.outSize();
        }
        this.params = new double[offset];
    }

    public void init(long seed) {
        Random rnd = new Random(seed);
        for (Layer l : layers) l.init(params, rnd);
        paramsChanged();
    }

    public double[] params() { return params; }

    public void setParams(double[] p) {
        if (p.length != params.length) throw new IllegalArgumentException("checkpoint has " + p.length + " parameters, network " + params.length);
        System.arraycopy(p, 0, params, 0, p.length);
        paramsChanged();
    }

    /** Call after writing into {@link #params()} directly, so predictions use the new values. */
    public void paramsChanged() { predictor = null; }

    private FloatEngine predictor() {
        FloatEngine e = predictor;
        if (e == null) {
            e = new FloatEngine(this);
            e.load(params);
            predictor = e;
        }
        return e;
    }

    /** Rounds every weight to float32 so the Java forward pass computes with exactly the exported values. */
    public void roundToFloat() {
        for (int k = 0; k < params.length; k++) params[k] = (float) params[k];
        paramsChanged();
    }

    public List<Layer> layers() { return layers; }

    public boolean sequence() { return sequence; }

    @Override public String layout() { return sequence ? "sequence" : "flat"; }
    @Override public int featureCount() { return featureCount; }
    @Override public int parameterCount() { return params.length; }
    @Override public List<Network> members() { return Collections.singletonList(this); }

    @Override
    public String architecture() {
        List<String> parts = new ArrayList<>();
        for (Layer l : layers) parts.add(l.describe());
        parts.add("softmax");
        return "input[" + (sequence ? featureCount + ", 1" : featureCount) + "] -> " + String.join(" -> ", parts);
    }

    public List<int[]> kernelRanges() {
        List<int[]> r = new ArrayList<>();
        for (Layer l : layers) r.addAll(l.kernelRanges());
        return r;
    }

    double[][] shape(double[] features) {
        if (features.length != featureCount)
            throw new IllegalArgumentException("row has " + features.length + " features, model expects " + featureCount);
        if (!sequence) return new double[][] {features};
        double[][] s = new double[featureCount][1];
        for (int t = 0; t < featureCount; t++) s[t][0] = features[t];
        return s;
    }

    /** Forward pass keeping every layer's cache (for backward). */
    public Layer.Cache[] forwardAll(double[] p, double[] features) {
        Layer.Cache[] caches = new Layer.Cache[layers.size()];
        double[][] x = shape(features);
        for (int k = 0; k < layers.size(); k++) {
            caches[k] = layers.get(k).forward(p, x);
            x = caches[k].out;
        }
        return caches;
    }

    public static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double[] p = new double[z.length];
        double s = 0;
        for (int j = 0; j < z.length; j++) { p[j] = Math.exp(z[j] - max); s += p[j]; }
        for (int j = 0; j < z.length; j++) p[j] /= s;
        return p;
    }

    public double[] logits(double[] p, double[] features) {
        Layer.Cache[] c = forwardAll(p, features);
        double[][] out = c[c.length - 1].out;
        return out[out.length - 1].clone();
    }

    @Override
    public double[] predict(double[] features) {
        return predictor().predict(features);
    }

    /** Probabilities of rows[from..to) into out[from..to) on the float engine, in blocks of up to 32 rows. */
    @Override
    public void predict(double[][] rows, int from, int to, double[][] out) {
        if (to > from) predictor().predict(rows, from, to, out);
    }

    /** Probabilities from the per-sample double-precision reference path. */
    public double[] referencePredict(double[] features) {
        return softmax(logits(params, features));
    }

    /**
     * Loss of one sample (times weight) and its gradient added into grad. Returns the weighted loss.
     */
    public double lossAndGradient(double[] p, double[] features, int label, Loss loss, double weight, double[] grad) {
        Layer.Cache[] caches = forwardAll(p, features);
        double[][] out = caches[caches.length - 1].out;
        double[] prob = softmax(out[out.length - 1]);
        double value = loss.value(prob, label);
        double[] dz = loss.gradLogits(prob, label);
        double[][] d = new double[out.length][];
        d[out.length - 1] = dz;
        for (int j = 0; j < dz.length; j++) dz[j] *= weight;
        for (int k = layers.size() - 1; k >= 0; k--) d = layers.get(k).backward(p, caches[k], d, grad);
        return value * weight;
    }
}
