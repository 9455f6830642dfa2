package org.emotionlens.dataset.internal;

/** One image to analyse: a source sample, possibly flipped and rotated; {@code tag} names that in the outputs. */
record WorkItem(Sample sample, boolean flip, double angle, String tag) {
    static final String ORIGINAL = "none";

    static WorkItem original(Sample s) {
        return new WorkItem(s, false, 0, ORIGINAL);
    }
}
