package org.emotionlens.train.internal;

import java.util.List;

/** Anything that maps one row of features to class probabilities (a network or an ensemble of networks). */
public interface Classifier {
    /** "sequence" ([N, F, 1]) or "flat" ([N, F]). */
    String layout();

    int featureCount();

    int parameterCount();

    String architecture();

    double[] predict(double[] features);

    /** Probabilities of rows[from..to) into out[from..to) (networks run them as batches). */
    default void predict(double[][] rows, int from, int to, double[][] out) {
        for (int r = from; r < to; r++) out[r] = predict(rows[r]);
    }

    List<Network> members();
}
