package org.emotionlens.dataset.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The per-class caps of the capped splits (--caps, --cap-splits, --cap-order, --seed). */
final class Caps {
    private final Map<String, Integer> caps;
    private final List<String> splits;
    private final boolean random;
    private final long seed;

    Caps(Map<String, Integer> caps, String capSplits, boolean random, long seed) {
        this.caps = caps;
        this.splits = List.of(capSplits.split(","));
        this.random = random;
        this.seed = seed;
    }

    /** Keeps at most caps[class] images of each class in the capped splits: the first ones, or a seeded random subset. */
    List<Sample> apply(List<Sample> all) {
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Sample s = all.get(i);
            byGroup.computeIfAbsent(s.split() + "/" + s.className(), k -> new ArrayList<>()).add(i);
        }
        boolean[] keep = new boolean[all.size()];
        for (Map.Entry<String, List<Integer>> g : byGroup.entrySet()) {
            String split = g.getKey().substring(0, g.getKey().indexOf('/'));
            String cls = g.getKey().substring(g.getKey().indexOf('/') + 1);
            List<Integer> idx = new ArrayList<>(g.getValue());
            Integer cap = splits.contains(split) ? caps.get(cls) : null;
            if (cap != null && idx.size() > cap) {
                if (random) {
                    Collections.shuffle(idx, new Random(seed ^ cls.hashCode()));
                }
                idx = idx.subList(0, cap);
            }
            idx.forEach(i -> keep[i] = true);
        }
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (keep[i]) {
                out.add(all.get(i)); // input order either way
            }
        }
        return out;
    }
}
