package org.emotionlens.api;

import java.util.List;

/** The paper's three classes, in the order of its label codes (0 happy, 1 unknown, 2 sad). */
public interface Emotions {
    String HAPPY = "happy";
    String UNKNOWN = "unknown";
    String SAD = "sad";
    List<String> LABELS = List.of(HAPPY, UNKNOWN, SAD);
}
