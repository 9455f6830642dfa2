package org.emotionlens.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * ONNX Runtime's Java binding extracts its native libraries into a temporary folder {@code onnxruntime-java<n>}
 * and asks for it to be deleted on exit, folder before files, so the empty folder stays behind after every run.
 * It logs the folder it created ("Deleting ... on exit", level FINE); this records the folders of this JVM so the
 * launcher removes them when the container has stopped (the libraries stay mapped; unlinking them is safe).
 */
final class NativeTempFolders {
    /** Held: a logger only referenced by name could be collected and lose its level and handler. */
    private static final Logger ORT = Logger.getLogger("ai.onnxruntime.OnnxRuntime");
    private static final List<Path> FOLDERS = new CopyOnWriteArrayList<>();
    private static final Handler RECORDER = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String m = r.getMessage();
            if (m != null && m.startsWith("Deleting ") && m.endsWith(" on exit")) {
                Path p = Path.of(m.substring("Deleting ".length(), m.length() - " on exit".length()));
                if (p.getFileName() != null && p.getFileName().toString().startsWith("onnxruntime-java")
                        && !FOLDERS.contains(p)) {
                    FOLDERS.add(p);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private NativeTempFolders() {
    }

    /** Starts recording (again: resetting the logging configuration drops handlers and levels). */
    static void watch() {
        ORT.removeHandler(RECORDER);
        RECORDER.setLevel(Level.FINE);
        ORT.addHandler(RECORDER);
        if (ORT.getLevel() == null || ORT.getLevel().intValue() > Level.FINE.intValue()) {
            ORT.setLevel(Level.FINE);
        }
    }

    /** Removes the folders recorded so far. */
    static void delete() {
        for (Path dir : FOLDERS) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // already gone
            }
            FOLDERS.remove(dir);
        }
    }
}
