package org.emotionlens.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.Dataset;

/**
 * The data of the FER2013 protocol (docs/classifiers/protocol.md): the data set built by
 * {@code docs/dataset/fer2013/make.sh} in {@code out/fer2013} (train / validation / test, blendshapes and landmark
 * features) and the paper's own test rows (test (a)). Property {@code emotionlens.fer2013} moves the data set.
 */
final class Fer2013Data {
    final Path dir;
    final Path paperTest;

    Fer2013Data(Bench b) {
        dir = Path.of(System.getProperty("emotionlens.fer2013", "out/fer2013"));
        paperTest = b.data.resolve("blends_test_full_set.csv");
        for (String f : List.of("train.csv", "validation.csv", "test.csv")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IllegalStateException(dir.resolve(f) + " is missing: build the data set first with"
                        + " docs/dataset/fer2013/make.sh (or set -Demotionlens.fer2013)");
            }
        }
    }

    /** "blendshapes" (the 52 scores) or "landmarks" (1434 face-frame coordinates) of a split. */
    Dataset split(String name, String kind) {
        String file = kind.equals("landmarks") ? name + "-landmarks.csv" : name + ".csv";
        return CsvData.read(dir.resolve(file), 0, CsvData.OnBadRow.FAIL, System.err);
    }

    /** Test (a): the last 1646 rows of the paper's blends_test_full_set.csv, the rows of its table. */
    Dataset paperTest() {
        return CsvData.read(paperTest, 1, CsvData.OnBadRow.FAIL, System.err);
    }

    static List<String> fileNames(Dataset d) {
        List<String> names = new ArrayList<>();
        d.sources.forEach(s -> names.add(Path.of(s.file()).getFileName().toString()));
        return names;
    }
}
