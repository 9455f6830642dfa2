package org.emotionlens.dataset.internal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * A build's progress in its output folder: {@code build.journal} holds one row per finished work item in work
 * order, {@code build.checkpoint} how many items and bytes of it are final and the fingerprint of the options and
 * input that made them, so that an interrupted build continues where it stopped and a different one does not.
 */
final class Journal {
    static final String JOURNAL = "build.journal";
    static final String CHECKPOINT = "build.checkpoint";

    /**
     * One journal row: {@code seq,split,status,label,class,source_index,augmentation,rest} where status is kept
     * (rest: the 52 scores, then the landmark features with --landmarks), noface or unreadable (rest: why).
     */
    record Row(String split, String status, String label, String className, String sourceIndex, String augmentation,
            String rest) {
        static Row parse(String line) {
            String[] f = line.split(",", 8);
            return new Row(f[1], f[2], f[3], f[4], f[5], f[6], f.length > 7 ? f[7] : "");
        }

        boolean original() {
            return augmentation.equals(WorkItem.ORIGINAL);
        }
    }

    private final Path dir;
    private final Path journal;
    private final Path checkpoint;
    private String fingerprint;

    Journal(Path dir) {
        this.dir = dir;
        this.journal = dir.resolve(JOURNAL);
        this.checkpoint = dir.resolve(CHECKPOINT);
    }

    /**
     * Opens the journal of the build with this fingerprint: continues an unfinished one (dropping anything after
     * its last checkpoint) unless {@code restart}, or starts an empty one. Returns the work items already done.
     */
    long open(String fingerprint, boolean restart, PrintStream out) throws IOException {
        this.fingerprint = fingerprint;
        if (Files.isRegularFile(checkpoint) && !restart) {
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(checkpoint)) {
                p.load(r);
            }
            if (!fingerprint.equals(p.getProperty("fingerprint"))) {
                throw new UsageException(dir + " holds an unfinished build made with other options or input ("
                        + CHECKPOINT + "); run it again with the same options to continue it, or add --restart");
            }
            long items = Long.parseLong(p.getProperty("items"));
            long bytes = Long.parseLong(p.getProperty("bytes"));
            try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                ch.truncate(bytes); // anything after the last checkpoint may be a half-written chunk
            }
            out.printf("resuming %s: %d work items already done%n", dir, items);
            return items;
        }
        Files.deleteIfExists(journal);
        Files.createFile(journal);
        saveCheckpoint(0);
        return 0;
    }

    /** Appends the rows of the next finished items and records that {@code items} items are done. */
    void commit(List<String> rows, long items) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            for (String row : rows) {
                w.write(row);
                w.write('\n');
            }
        }
        saveCheckpoint(items);
    }

    private void saveCheckpoint(long items) throws IOException {
        Properties p = new Properties();
        p.setProperty("fingerprint", fingerprint);
        p.setProperty("items", Long.toString(items));
        p.setProperty("bytes", Long.toString(Files.size(journal)));
        Path tmp = dir.resolve(CHECKPOINT + ".tmp");
        try (var w = Files.newBufferedWriter(tmp)) {
            p.store(w, "dataset build progress: the first 'items' work items are final in the first 'bytes' bytes of " + JOURNAL);
        }
        Files.move(tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Takes the journal's rows one at a time (a full build's rows do not fit in memory at once). */
    interface RowReader {
        void accept(Row row) throws IOException;
    }

    /** Reads every row, in work order. */
    void read(RowReader reader) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null;) {
                reader.accept(Row.parse(line));
            }
        }
    }

    /** Removes journal and checkpoint once the outputs are written. */
    void delete() throws IOException {
        Files.deleteIfExists(checkpoint);
        Files.deleteIfExists(journal);
    }

    static String fingerprint(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
