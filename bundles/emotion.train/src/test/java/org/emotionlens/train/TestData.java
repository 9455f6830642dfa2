package org.emotionlens.train;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locations of the shared real data. */
final class TestData {
    private TestData() { }

    static Path dir() {
        Path shared = Path.of(System.getProperty("emotionlens.shared", "../../../shared"));
        Path d = shared.resolve("data/fer2013-blendshapes");
        if (!Files.isDirectory(d)) throw new IllegalStateException("shared data not found at " + d.toAbsolutePath() + " (set -Demotionlens.shared)");
        return d;
    }

    static Path val() { return dir().resolve("blends_val_full_set.csv"); }

    static Path test() { return dir().resolve("blends_test_full_set.csv"); }
}
