package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of images: {@code <label>/<file>} with the split given, or {@code <split>/<label>/<file>}. Labels are the
 * 7 FER names (or afraid) or happy/sad/unknown. Source index = position in the sorted listing of all files.
 */
final class ImageFolder {
    private ImageFolder() {
    }

    static List<Sample> list(Path root, String split) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new UsageException(root + ": no such folder (expected <label>/<file> or <split>/<label>/<file>)");
        }
        List<Path> top = dirs(root);
        List<Sample> out = new ArrayList<>();
        if (split != null) {
            String s = Fer.splitName(split);
            if (s == null) {
                throw new UsageException("--split " + split + ": expected train, validation or test");
            }
            addLabels(root, top, s, out);
        } else {
            for (Path d : top) {
                String s = Fer.splitName(d.getFileName().toString());
                if (s == null) {
                    throw new UsageException(d + ": not a split folder (train, validation, test); for a <label>/<file> "
                            + "layout give the split with --split");
                }
                addLabels(d, dirs(d), s, out);
            }
        }
        if (out.isEmpty()) {
            throw new UsageException(root + ": no images found");
        }
        return out;
    }

    private static void addLabels(Path parent, List<Path> labelDirs, String split, List<Sample> out) throws IOException {
        for (Path d : labelDirs) {
            String cls = Fer.className(d.getFileName().toString());
            if (cls == null) {
                throw new UsageException(d + ": '" + d.getFileName() + "' is not a label folder; expected one of "
                        + Fer.CLASSES + " or happy, sad, unknown");
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                    out.add(new Sample(out.size(), split, cls, null, f));
                }
            }
        }
    }

    private static List<Path> dirs(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
