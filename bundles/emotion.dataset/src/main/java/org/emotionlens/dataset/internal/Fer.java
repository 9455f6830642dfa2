package org.emotionlens.dataset.internal;

import java.util.List;
import java.util.Locale;

/** FER2013's vocabulary: the 7 emotion codes, the Usage values and the paper's 3-class mapping. */
final class Fer {
    /** Kaggle's emotion codes 0..6, in code order. */
    static final List<String> CLASSES = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
    /** The paper's labels: 0 happy, 1 unknown, 2 sad (org.emotionlens.api.Emotions.LABELS order). */
    static final List<String> LABELS3 = List.of("happy", "unknown", "sad");
    static final List<String> SPLITS = List.of("train", "validation", "test");
    static final int SIZE = 48;
    static final int PIXELS = SIZE * SIZE;

    private Fer() {
    }

    /** Paper: happy (3) -> 0, sad (4) -> 2, every other emotion -> 1 (unknown). */
    static int toLabel3(int ferCode) {
        return ferCode == 3 ? 0 : ferCode == 4 ? 2 : 1;
    }

    /** Kaggle's Usage column to the paper's split names; null when it is none of the three. */
    static String splitOfUsage(String usage) {
        return switch (usage) {
            case "Training" -> "train";
            case "PublicTest" -> "validation";
            case "PrivateTest" -> "test";
            default -> null;
        };
    }

    /** A folder or option name of a class: the 7 FER names (paper's "afraid" = fear) or happy/sad/unknown. */
    static String className(String name) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        if (n.equals("afraid")) {
            return "fear";
        }
        return CLASSES.contains(n) || n.equals("unknown") ? n : null;
    }

    /** A split folder name: train/training, validation/val/publictest, test/privatetest; null if none. */
    static String splitName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "train", "training" -> "train";
            case "validation", "val", "valid", "publictest" -> "validation";
            case "test", "privatetest" -> "test";
            default -> null;
        };
    }
}
