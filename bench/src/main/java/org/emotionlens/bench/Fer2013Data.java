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

    /**
     * "blendshapes" (the 52 scores), "landmarks" (1434 face-frame coordinates) or "fused" (both, side by side: the
     * two files hold the same rows in the same order) of a split.
     */
    Dataset split(String name, String kind) {
        if (kind.equals("fused")) {
            return fuse(split(name, "blendshapes"), split(name, "landmarks"));
        }
        String file = kind.equals("landmarks") ? name + "-landmarks.csv" : name + ".csv";
        return CsvData.read(dir.resolve(file), 0, CsvData.OnBadRow.FAIL, System.err);
    }

    static Dataset fuse(Dataset a, Dataset b) {
        if (a.size() != b.size()) throw new IllegalStateException("blendshape and landmark files differ in rows: " + a.size() + " vs " + b.size());
        double[][] x = new double[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            if (a.y[i] != b.y[i]) throw new IllegalStateException("row " + i + ": labels differ between the blendshape and landmark files");
            x[i] = new double[a.x[i].length + b.x[i].length];
            System.arraycopy(a.x[i], 0, x[i], 0, a.x[i].length);
            System.arraycopy(b.x[i], 0, x[i], a.x[i].length, b.x[i].length);
        }
        List<String> names = new ArrayList<>(a.featureNames);
        names.addAll(b.featureNames);
        List<Dataset.Source> sources = new ArrayList<>(a.sources);
        sources.addAll(b.sources);
        return new Dataset(names, x, a.y, sources);
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
