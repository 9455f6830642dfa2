package org.emotionlens.dataset.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The augmented copies of the kept training images: a flip with some probability and a random rotation each. */
final class AugmentationPlan {
    private final int copies;
    private final double maxRotation;
    private final double flipProbability;
    private final long seed;

    AugmentationPlan(int copies, double maxRotation, double flipProbability, long seed) {
        this.copies = copies;
        this.maxRotation = maxRotation;
        this.flipProbability = flipProbability;
        this.seed = seed;
    }

    /** Each image's copies: seeded by (seed, source index, copy) so they do not depend on threads or resumes. */
    List<WorkItem> copies(List<Sample> keptTrain) {
        List<WorkItem> items = new ArrayList<>();
        for (Sample s : keptTrain) {
            for (int c = 1; c <= copies; c++) {
                Random rnd = new Random(seed * 1_000_003L + s.sourceIndex() * 31L + c);
                boolean flip = rnd.nextDouble() < flipProbability;
                double angle = Math.round((rnd.nextDouble() * 2 - 1) * maxRotation * 10) / 10.0;
                String rot = String.format(Locale.ROOT, "rot%+.1f", angle);
                items.add(new WorkItem(s, flip, angle, flip ? "flip+" + rot : rot));
            }
        }
        return items;
    }
}
