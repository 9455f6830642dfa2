package org.emotionlens.dataset.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Everything {@code dataset build} does, as options (defaults = the paper's choices). */
final class BuildOptions {
    /** The paper's Table 2: training-set caps per FER class (disgust: all of it). */
    static Map<String, Integer> paperCaps() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("happy", 4000);
        m.put("sad", 4000);
        m.put("angry", 1500);
        m.put("fear", 1500);
        m.put("surprise", 1500);
        m.put("neutral", 1500);
        return m;
    }

    Path fer;
    Path images;
    String imagesSplit;
    /** Splits to build; null = every split in the input. */
    java.util.Set<String> splits;
    Path out;
    Path modelsDir;
    int classes = 3;
    Map<String, Integer> caps = paperCaps();
    String capSplits = "train";
    boolean capRandom;
    long seed = 1;
    int upscale = 64; // measured on the fixture: 64 px found the most faces (docs/dataset/README.md)
    boolean filter = true;
    int augmentCopies = 1;
    double maxRotation = 36; // Keras RandomRotation(0.2): 0.2 x 180 degrees either way
    double flipProbability = 0.5;
    boolean landmarks;
    int threads = 2;
    long stopAfter = -1;
    boolean restart;
    double threshold = 0.4;
    int minCount = 100;

    /** The options that change the output, for the resume check (threads and --stop-after do not). */
    String fingerprintText() {
        return "fer=" + fer + ";images=" + images + ";split=" + imagesSplit + ";splits=" + splits + ";classes=" + classes + ";caps=" + caps
                + ";capSplits=" + capSplits + ";capRandom=" + capRandom + ";seed=" + seed + ";upscale=" + upscale
                + ";filter=" + filter + ";copies=" + augmentCopies + ";rot=" + maxRotation + ";flip=" + flipProbability
                + ";landmarks=" + landmarks;
    }
}
