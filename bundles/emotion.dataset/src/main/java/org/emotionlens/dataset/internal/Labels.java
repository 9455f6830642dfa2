package org.emotionlens.dataset.internal;

import java.util.List;

/** The label of each class in a build's rows: FER2013's 7 codes, or the paper's happy=0, unknown=1, sad=2. */
final class Labels {
    private final int classes;

    /** @param classes 3 or 7 (--classes) */
    Labels(int classes) {
        this.classes = classes;
    }

    /** The sample's label; a class the mode cannot express (a happy/sad/unknown folder in 7-class mode) fails. */
    int of(Sample s) {
        if (classes == 7) {
            int code = Fer.CLASSES.indexOf(s.className());
            if (code < 0) {
                throw new UsageException("class '" + s.className() + "' of source " + s.sourceIndex()
                        + " has no 7-class code; use --classes 3 for happy/sad/unknown folders");
            }
            return code;
        }
        return switch (s.className()) {
            case "happy" -> 0;
            case "sad" -> 2;
            default -> 1;
        };
    }

    String name(int label) {
        return names().get(label);
    }

    /** Every label's name, in label order. */
    List<String> names() {
        return classes == 7 ? Fer.CLASSES : Fer.LABELS3;
    }
}
