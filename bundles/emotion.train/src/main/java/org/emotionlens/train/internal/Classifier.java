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

    List<Network> members();
}
