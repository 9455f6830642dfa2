package org.emotionlens.dataset.internal;

import java.util.List;

/** {@code summary.md}: a build's counts as Markdown tables, per split and step, the paper's Table 3, rows per label. */
final class Summary {
    private Summary() {
    }

    static String of(Counts c, Labels labelNames) {
        StringBuilder b = new StringBuilder();
        b.append("\n## Images per class and step\n\n");
        List<String> classes = c.classes();
        for (String split : Fer.SPLITS) {
            if (c.total("read", split) == 0) {
                continue;
            }
            b.append("### ").append(split).append("\n\n| step | ").append(String.join(" | ", classes)).append(" | total |\n|---");
            b.append("|---".repeat(classes.size() + 1)).append("|\n");
            for (String[] step : new String[][] {{"read", "read"}, {"capped", "after caps"},
                    {"original-unreadable", "unreadable (dropped)"}, {"original-dropped", "no face (dropped)"},
                    {"original-kept", "kept"},
                    {"augmented-dropped", "augmented, no face"}, {"augmented-kept", "augmented, kept"}}) {
                b.append("| ").append(step[1]);
                for (String cls : classes) {
                    b.append(" | ").append(c.get(step[0], split, cls));
                }
                b.append(" | ").append(c.total(step[0], split)).append(" |\n");
            }
            b.append('\n');
        }
        b.append("Table 3 (images MediaPipe finds no face in, per class; originals of every split):\n\n| split | ")
                .append(String.join(" | ", classes)).append(" |\n|---").append("|---".repeat(classes.size())).append("|\n");
        for (String split : Fer.SPLITS) {
            if (c.total("read", split) == 0) {
                continue;
            }
            b.append("| ").append(split);
            for (String cls : classes) {
                b.append(" | ").append(c.get("original-dropped", split, cls));
            }
            b.append(" |\n");
        }
        b.append("\nRows written per split and label:\n\n| split | ");
        List<String> labels = labelNames.names();
        b.append(String.join(" | ", labels)).append(" | total |\n|---").append("|---".repeat(labels.size() + 1)).append("|\n");
        for (String split : Fer.SPLITS) {
            if (c.total("read", split) == 0) {
                continue;
            }
            b.append("| ").append(split);
            for (String l : labels) {
                b.append(" | ").append(c.get("rows", split, l));
            }
            b.append(" | ").append(c.total("rows", split)).append(" |\n");
        }
        return b.toString();
    }
}
