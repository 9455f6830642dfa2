package org.emotionlens.dataset.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A build's image counts per (step, split, class); step {@code rows} counts written rows per label name. */
final class Counts {
    private final Map<String, Integer> n = new TreeMap<>();
    private final LinkedHashSet<String> classes = new LinkedHashSet<>();

    void add(String step, String split, String cls) {
        n.merge(step + "|" + split + "|" + cls, 1, Integer::sum);
        if (!step.equals("rows")) {
            classes.add(cls);
        }
    }

    int get(String step, String split, String cls) {
        return n.getOrDefault(step + "|" + split + "|" + cls, 0);
    }

    int total(String step, String split) {
        int t = 0;
        for (Map.Entry<String, Integer> e : n.entrySet()) {
            if (e.getKey().startsWith(step + "|" + split + "|")) {
                t += e.getValue();
            }
        }
        return t;
    }

    /** Every count as {@code step,split,class,count} rows (the numbers behind summary.md, for scripts). */
    String csv() {
        StringBuilder b = new StringBuilder("step,split,class,count\n");
        n.forEach((k, v) -> b.append(k.replace('|', ',')).append(',').append(v).append('\n'));
        return b.toString();
    }

    /** Classes seen, FER order first. */
    List<String> classes() {
        List<String> out = new ArrayList<>();
        for (String c : Fer.CLASSES) {
            if (classes.contains(c)) {
                out.add(c);
            }
        }
        for (String c : classes) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
