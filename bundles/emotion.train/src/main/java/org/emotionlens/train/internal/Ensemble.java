package org.emotionlens.train.internal;

import java.util.List;

/** Average of the members' softmax probabilities. */
public final class Ensemble implements Classifier {
    private final List<Network> members;
    /** Per-class factors applied to the mean probabilities before renormalising; null = none. */
    private double[] classScale;

    public Ensemble(List<Network> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member");
        this.members = List.copyOf(members);
    }

    public double[] classScale() { return classScale == null ? null : classScale.clone(); }

    /** Stored as float32 values so the Java forward pass equals the exported graph. */
    public void setClassScale(double[] scale) {
        if (scale == null) { classScale = null; return; }
        classScale = new double[scale.length];
        for (int k = 0; k < scale.length; k++) classScale[k] = (float) scale[k];
    }

    /** p * scale / sum(p * scale). */
    public static double[] rescale(double[] p, double[] scale) {
        double[] q = new double[p.length];
        double s = 0;
        for (int k = 0; k < p.length; k++) { q[k] = p[k] * scale[k]; s += q[k]; }
        for (int k = 0; k < p.length; k++) q[k] /= s;
        return q;
    }

    @Override public String layout() { return members.get(0).layout(); }
    @Override public int featureCount() { return members.get(0).featureCount(); }
    @Override public List<Network> members() { return members; }

    @Override
    public int parameterCount() {
        int n = 0;
        for (Network m : members) n += m.parameterCount();
        return n;
    }

    @Override
    public String architecture() {
        return "mean of " + members.size() + " x [" + members.get(0).architecture() + "]"
                + (classScale == null ? "" : " -> class rescale " + java.util.Arrays.toString(classScale) + " and renormalise");
    }

    @Override
    public double[] predict(double[] features) {
        double[] sum = null;
        for (Network m : members) {
            double[] p = m.predict(features);
            if (sum == null) sum = p;
            else for (int j = 0; j < p.length; j++) sum[j] += p[j];
        }
        for (int j = 0; j < sum.length; j++) sum[j] /= members.size();
        return classScale == null ? sum : rescale(sum, classScale);
    }

    /** Batched: each member predicts the block, then the same mean and rescale as {@link #predict(double[])}. */
    @Override
    public void predict(double[][] rows, int from, int to, double[][] out) {
        double[][] p = new double[rows.length][];
        for (int m = 0; m < members.size(); m++) {
            members.get(m).predict(rows, from, to, p);
            for (int r = from; r < to; r++) {
                if (m == 0) out[r] = p[r];
                else for (int j = 0; j < p[r].length; j++) out[r][j] += p[r][j];
            }
        }
        for (int r = from; r < to; r++) {
            for (int j = 0; j < out[r].length; j++) out[r][j] /= members.size();
            if (classScale != null) out[r] = rescale(out[r], classScale);
        }
    }
}
