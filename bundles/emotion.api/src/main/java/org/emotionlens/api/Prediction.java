package org.emotionlens.api;

import java.util.List;

/**
 * A classifier's answer for one face.
 *
 * @param modelId       id of the model that answered
 * @param labels        class names, in the order of {@code probabilities}
 * @param probabilities one probability per class, summing to 1
 */
public record Prediction(String modelId, List<String> labels, float[] probabilities) {
    public Prediction {
        labels = List.copyOf(labels);
        if (labels.size() != probabilities.length) {
            throw new IllegalArgumentException(labels.size() + " labels for " + probabilities.length + " probabilities");
        }
    }

    /** Index of the most probable class (the first one on ties). */
    public int best() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    public String label() {
        return labels.get(best());
    }

    public float probability(String label) {
        int i = labels.indexOf(label);
        return i < 0 ? 0f : probabilities[i];
    }
}
