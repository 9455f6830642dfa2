package org.emotionlens.dataset.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.emotionlens.api.Blendshapes;

/**
 * The data set from a finished journal: {@code <split>.csv} (52 scores, label, source_index, augmentation), with
 * {@code --landmarks} {@code <split>-landmarks.csv}, and {@code dropped.csv}; each written as {@code .partial} and
 * renamed when all are complete. Counts the kept, dropped and unreadable images and the rows per label.
 */
final class OutputFiles {
    private final Path dir;
    private final Labels labels;
    /** Landmark feature names, or null without --landmarks. */
    private final List<String> landmarkNames;
    private final PrintStream err;

    OutputFiles(Path dir, Labels labels, List<String> landmarkNames, PrintStream err) {
        this.dir = dir;
        this.labels = labels;
        this.landmarkNames = landmarkNames;
        this.err = err;
    }

    /** Writes the files and adds to {@code counts}; returns the number of unreadable images. */
    int write(Journal journal, Counts counts) throws IOException {
        Map<String, BufferedWriter> splitWriters = new TreeMap<>();
        Map<String, BufferedWriter> lmWriters = new TreeMap<>();
        List<Path> partials = new ArrayList<>();
        String header = String.join(",", Blendshapes.NAMES) + ",label,source_index,augmentation";
        String lmHeader = landmarkNames == null ? null
                : String.join(",", landmarkNames) + ",label,source_index,augmentation";
        Path droppedPartial = dir.resolve("dropped.csv.partial");
        partials.add(droppedPartial);
        int[] unreadable = {0};
        try (BufferedWriter dropped = Files.newBufferedWriter(droppedPartial)) {
            dropped.write("source_index,split,class,label,augmentation,reason\n");
            journal.read(row -> {
                String split = row.split();
                String cls = row.className();
                String stage = row.original() ? "original" : "augmented";
                if (!row.status().equals("kept")) {
                    String reason = row.status().equals("noface") ? "no face found by MediaPipe" : row.rest();
                    dropped.write(row.sourceIndex() + "," + split + "," + cls + "," + row.label() + ","
                            + row.augmentation() + "," + reason + "\n");
                    if (row.status().equals("unreadable")) {
                        counts.add(stage + "-unreadable", split, cls);
                        unreadable[0]++;
                        if (unreadable[0] <= 20) {
                            err.println("skipped unreadable image: " + row.rest());
                        }
                    } else {
                        counts.add(stage + "-dropped", split, cls);
                    }
                    return;
                }
                counts.add(stage + "-kept", split, cls);
                counts.add("rows", split, labels.name(Integer.parseInt(row.label())));
                String[] values = row.rest().split(",", -1);
                StringBuilder bs = new StringBuilder();
                for (int k = 0; k < Blendshapes.COUNT; k++) {
                    bs.append(values[k]).append(',');
                }
                String tail = row.label() + "," + row.sourceIndex() + "," + row.augmentation() + "\n";
                writer(splitWriters, split, "", header, partials).write(bs + tail);
                if (lmHeader != null) {
                    StringBuilder lm = new StringBuilder();
                    for (int k = Blendshapes.COUNT; k < values.length; k++) {
                        lm.append(values[k]).append(',');
                    }
                    writer(lmWriters, split, "-landmarks", lmHeader, partials).write(lm + tail);
                }
            });
            // a split whose images were all dropped still gets its (header-only) file: no stale file from an earlier run
            for (String split : Fer.SPLITS) {
                if (counts.total("read", split) > 0) {
                    writer(splitWriters, split, "", header, partials);
                    if (lmHeader != null) {
                        writer(lmWriters, split, "-landmarks", lmHeader, partials);
                    }
                }
            }
        } finally {
            for (BufferedWriter w : splitWriters.values()) {
                w.close();
            }
            for (BufferedWriter w : lmWriters.values()) {
                w.close();
            }
        }
        for (Path p : partials) {
            String name = p.getFileName().toString();
            Files.move(p, p.resolveSibling(name.substring(0, name.length() - ".partial".length())),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return unreadable[0];
    }

    private BufferedWriter writer(Map<String, BufferedWriter> writers, String split, String suffix, String header,
            List<Path> partials) {
        return writers.computeIfAbsent(split, s -> {
            try {
                Path p = dir.resolve(s + suffix + ".csv.partial");
                partials.add(p);
                BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8);
                w.write(header);
                w.write('\n');
                return w;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
