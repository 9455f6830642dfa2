package org.emotionlens.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Named bundle sets: {@code features/<name>.bundles} lists bundle symbolic names, one per line, {@code #} comments,
 * and {@code include <feature>} lines. A bundle line may end with {@code @<start level>}; a line {@code -<name>}
 * takes a bundle out again (e.g. the GPU feature replaces the CPU build of ONNX Runtime).
 */
final class Features {
    /** A bundle to install, with its start level and the feature file that named it. */
    record Entry(String symbolicName, int startLevel, Path feature) {
    }

    private final Path dir;

    Features(Path dir) {
        this.dir = dir;
    }

    List<Entry> resolve(List<String> names) throws LaunchException {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> removed = new LinkedHashSet<>();
        List<Entry> out = new ArrayList<>();
        for (String name : names) {
            add(name, seen, removed, out, new ArrayList<>());
        }
        out.removeIf(e -> removed.contains(e.symbolicName()));
        return out;
    }

    private void add(String name, Set<String> seen, Set<String> removed, List<Entry> out, List<String> chain)
            throws LaunchException {
        if (chain.contains(name)) {
            throw new LaunchException("feature '" + name + "' includes itself: " + String.join(" -> ", chain) + " -> "
                    + name);
        }
        if (!seen.add("feature:" + name)) {
            return;
        }
        Path file = dir.resolve(name + ".bundles");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new LaunchException("unknown feature '" + name + "': " + file + " does not exist (features: "
                    + available() + ")");
        } catch (IOException e) {
            throw new LaunchException("cannot read feature " + file + ": " + e.getMessage());
        }
        chain.add(name);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("include ")) {
                add(line.substring("include ".length()).trim(), seen, removed, out, chain);
                continue;
            }
            if (line.startsWith("-")) {
                removed.add(line.substring(1).trim());
                continue;
            }
            String[] parts = line.split("@", 2);
            int level = 10;
            if (parts.length == 2) {
                try {
                    level = Integer.parseInt(parts[1].trim());
                } catch (NumberFormatException e) {
                    throw new LaunchException(file + ":" + (i + 1) + ": start level '" + parts[1] + "' is not a number");
                }
            }
            if (seen.add(parts[0].trim())) {
                out.add(new Entry(parts[0].trim(), level, file));
            }
        }
        chain.remove(chain.size() - 1);
    }

    List<String> available() {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bundles"))
                    .map(n -> n.substring(0, n.length() - ".bundles".length())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
