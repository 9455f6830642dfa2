package org.emotionlens.filter.smoothing.internal;

import org.emotionlens.api.Prediction;

/** Small helpers on probability vectors. */
final class Distributions {
    private Distributions() {
    }

    static float[] normalised(float[] p) {
        double sum = 0;
        for (float v : p) {
            sum += Math.max(0f, v);
        }
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = sum > 0 ? (float) (Math.max(0f, p[i]) / sum) : 1f / p.length;
        }
        return out;
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * A prediction whose most probable class is {@code label}: when another class leads, the two probabilities are
     * exchanged. The result is still a distribution over the same classes (same values, sum 1), and the label a
     * filter holds is what every reader of {@link Prediction#label()} sees.
     */
    static Prediction withLabel(Prediction raw, float[] p, int label) {
        float[] out = p.clone();
        int best = argmax(out);
        if (best != label) {
            float t = out[best];
            out[best] = out[label];
            out[label] = t;
            if (out[best] == out[label] && best < label) {
                // exact tie: argmax takes the first index; nudge so that the held label wins
                out[label] = Math.nextUp(out[label]);
                out[best] = Math.nextDown(out[best]);
            }
        }
        return new Prediction(raw.modelId(), raw.labels(), out);
    }
}
