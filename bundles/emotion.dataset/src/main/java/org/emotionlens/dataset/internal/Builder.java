package org.emotionlens.dataset.internal;

import org.emotionlens.api.image.Upscale;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;

import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Image;
import org.emotionlens.api.image.ImageConversion;

/**
 * {@code dataset build}: read, map labels, cap, filter by MediaPipe detectability, augment the training split,
 * write the blendshape CSVs. Work items (originals in input order, then augmented copies of the training images
 * that passed) are processed by worker threads and journalled in input order to {@code build.journal}; after each
 * chunk {@code build.checkpoint} records how many items and bytes of the journal are final, so an interrupted
 * build continues where it stopped. Outputs are written as {@code .partial} files and renamed when complete.
 * Every image goes through the {@link Stages} the command bound (the same services a pipeline binds).
 */
final class Builder {
    static final String JOURNAL = "build.journal";
    static final String CHECKPOINT = "build.checkpoint";
    /** Exit code of a build stopped by --stop-after: re-run the same command to continue. */
    static final int STOPPED = 3;

    /** One image to analyse: a source sample, possibly flipped and rotated. */
    record Item(Sample sample, boolean flip, double angle, String tag) {
    }

    private final BuildOptions o;
    private final Stages stages;
    private final PrintStream out;
    private final PrintStream err;
    private final Path journal;
    private final Path checkpoint;

    Builder(BuildOptions options, Stages stages, PrintStream out, PrintStream err) {
        this.o = options;
        this.stages = stages;
        this.out = out;
        this.err = err;
        this.journal = o.out.resolve(JOURNAL);
        this.checkpoint = o.out.resolve(CHECKPOINT);
    }

    int run() throws IOException {
        Files.createDirectories(o.out);
        // 1. read
        List<Sample> all;
        int badRows = 0;
        if (o.fer != null) {
            FerCsv.Result r = FerCsv.read(o.fer, i -> true, err);
            all = o.splits == null ? r.samples()
                    : r.samples().stream().filter(s -> o.splits.contains(s.split())).toList();
            badRows = r.badRows();
            out.printf("read %s: %d data rows, %d good, %d malformed rows skipped%n", o.fer, r.dataRows(), all.size(), badRows);
        } else {
            input = ImageInput.open(o.images);
            all = input.samples(o.imagesSplit, o.splits);
            writeSources(all);
            out.printf("read %s: %d image files%s%n", o.images, all.size(),
                    o.splits == null ? "" : " in " + String.join(", ", o.splits));
        }
        for (Sample s : all) {
            label(s); // fail early on a label the class mode cannot express
        }
        // 2. caps
        List<Sample> capped = cap(all);
        capSamples = capped;
        Counts counts = new Counts();
        all.forEach(s -> counts.add("read", s.split(), s.className()));
        capped.forEach(s -> counts.add("capped", s.split(), s.className()));

        // 3-5. detectability filter and augmentation, journalled
        String fingerprint = sha256(o.fingerprintText() + ";input=" + inputIdentity());
        long done = resumePoint(fingerprint);
        List<Item> originals = new ArrayList<>(capped.size());
        for (Sample s : capped) {
            originals.add(new Item(s, false, 0, "none"));
        }
        List<FaceAnalyzer> analyzers = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<FaceAnalyzer> local = ThreadLocal.withInitial(() -> {
            FaceAnalyzer a = new FaceAnalyzer(stages);
            analyzers.add(a);
            return a;
        });
        ExecutorService pool = Executors.newFixedThreadPool(o.threads, r -> {
            Thread t = new Thread(r, "dataset-worker");
            t.setDaemon(true);
            return t;
        });
        long[] budget = {o.stopAfter < 0 ? Long.MAX_VALUE : o.stopAfter};
        try {
            out.printf("detectability filter: %s; images upscaled to %d px before MediaPipe; %d worker threads%n",
                    o.filter ? "on" : "off", o.upscale, o.threads);
            done = process(originals, 0, done, fingerprint, pool, local, budget, "filter   ");
            if (done < originals.size()) {
                return stopped(done);
            }
            List<Item> augmented = augmentations(keptTrainOriginals());
            long total = originals.size() + augmented.size();
            if (!augmented.isEmpty()) {
                out.printf("augmentation: %d copies of each of the %d kept training images (flip p=%.2f, rotation up to "
                        + "+-%.1f degrees, seed %d)%n", o.augmentCopies, augmented.size() / Math.max(1, o.augmentCopies),
                        o.flipProbability, o.maxRotation, o.seed);
            }
            done = process(augmented, originals.size(), done, fingerprint, pool, local, budget, "augment  ");
            if (done < total) {
                return stopped(done);
            }
        } finally {
            pool.shutdownNow();
            for (FaceAnalyzer a : analyzers) {
                a.close();
            }
            if (input != null) {
                input.close();
            }
        }
        // 6. outputs
        writeOutputs(counts);
        int readable = 0;
        for (String split : Fer.SPLITS) {
            readable += counts.total("original-kept", split) + counts.total("original-dropped", split);
        }
        if (readable == 0) {
            err.println("dataset build: none of the " + all.size() + " images of " + (o.fer != null ? o.fer : o.images)
                    + " could be decoded (see " + o.out.resolve("dropped.csv") + "); "
                    + (o.fer != null ? "expected Kaggle's emotion,pixels,Usage rows" : ImageInput.LAYOUT));
            return 1;
        }
        if (badRows > 0) {
            out.printf("%d malformed input rows were skipped (listed above with their line numbers)%n", badRows);
        }
        Files.deleteIfExists(checkpoint);
        Files.deleteIfExists(journal);
        return 0;
    }

    private int stopped(long done) {
        err.printf("stopped after %d work items as asked (--stop-after); run the same command again to continue%n", done);
        return STOPPED;
    }

    // ---- labels and caps

    int label(Sample s) {
        if (o.classes == 7) {
            int code = Fer.CLASSES.indexOf(s.className());
            if (code < 0) {
                throw new UsageException("class '" + s.className() + "' of source " + s.sourceIndex()
                        + " has no 7-class code; use --classes 3 for happy/sad/unknown folders");
            }
            return code;
        }
        return switch (s.className()) {
            case "happy" -> 0;
            case "sad" -> 2;
            default -> 1;
        };
    }

    String labelName(int label) {
        return o.classes == 7 ? Fer.CLASSES.get(label) : Fer.LABELS3.get(label);
    }

    /** Keeps at most caps[class] images of each class in the capped splits: the first ones, or a seeded random subset. */
    List<Sample> cap(List<Sample> all) {
        List<String> splits = List.of(o.capSplits.split(","));
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Sample s = all.get(i);
            byGroup.computeIfAbsent(s.split() + "/" + s.className(), k -> new ArrayList<>()).add(i);
        }
        boolean[] keep = new boolean[all.size()];
        for (Map.Entry<String, List<Integer>> g : byGroup.entrySet()) {
            String split = g.getKey().substring(0, g.getKey().indexOf('/'));
            String cls = g.getKey().substring(g.getKey().indexOf('/') + 1);
            List<Integer> idx = new ArrayList<>(g.getValue());
            Integer cap = splits.contains(split) ? o.caps.get(cls) : null;
            if (cap != null && idx.size() > cap) {
                if (o.capRandom) {
                    Collections.shuffle(idx, new Random(o.seed ^ cls.hashCode()));
                }
                idx = idx.subList(0, cap);
            }
            idx.forEach(i -> keep[i] = true);
        }
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (keep[i]) {
                out.add(all.get(i)); // input order either way
            }
        }
        return out;
    }

    /** Each kept training image's copies: seeded by (seed, source index, copy) so they do not depend on threads or resumes. */
    List<Item> augmentations(List<Sample> keptTrain) {
        List<Item> items = new ArrayList<>();
        for (Sample s : keptTrain) {
            for (int c = 1; c <= o.augmentCopies; c++) {
                Random rnd = new Random(o.seed * 1_000_003L + s.sourceIndex() * 31L + c);
                boolean flip = rnd.nextDouble() < o.flipProbability;
                double angle = Math.round((rnd.nextDouble() * 2 - 1) * o.maxRotation * 10) / 10.0;
                String rot = String.format(Locale.ROOT, "rot%+.1f", angle);
                items.add(new Item(s, flip, angle, flip ? "flip+" + rot : rot));
            }
        }
        return items;
    }

    // ---- the journal

    private long resumePoint(String fingerprint) throws IOException {
        if (Files.isRegularFile(checkpoint) && !o.restart) {
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(checkpoint)) {
                p.load(r);
            }
            if (!fingerprint.equals(p.getProperty("fingerprint"))) {
                throw new UsageException(o.out + " holds an unfinished build made with other options or input ("
                        + CHECKPOINT + "); run it again with the same options to continue it, or add --restart");
            }
            long items = Long.parseLong(p.getProperty("items"));
            long bytes = Long.parseLong(p.getProperty("bytes"));
            try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                ch.truncate(bytes); // anything after the last checkpoint may be a half-written chunk
            }
            out.printf("resuming %s: %d work items already done%n", o.out, items);
            return items;
        }
        Files.deleteIfExists(journal);
        Files.createFile(journal);
        saveCheckpoint(fingerprint, 0);
        return 0;
    }

    private void saveCheckpoint(String fingerprint, long items) throws IOException {
        Properties p = new Properties();
        p.setProperty("fingerprint", fingerprint);
        p.setProperty("items", Long.toString(items));
        p.setProperty("bytes", Long.toString(Files.size(journal)));
        Path tmp = o.out.resolve(CHECKPOINT + ".tmp");
        try (var w = Files.newBufferedWriter(tmp)) {
            p.store(w, "dataset build progress: the first 'items' work items are final in the first 'bytes' bytes of " + JOURNAL);
        }
        Files.move(tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Processes items[done - offset ..] in chunks; returns the new count of finished items. */
    private long process(List<Item> items, long offset, long done, String fingerprint, ExecutorService pool,
            ThreadLocal<FaceAnalyzer> local, long[] budget, String what) throws IOException {
        long end = offset + items.size();
        if (done >= end) {
            return done;
        }
        Progress bar = new Progress(err, what, done - offset, items.size());
        int chunk = Math.max(8, o.threads * 16);
        try (BufferedWriter w = Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            while (done < end && budget[0] > 0) {
                int from = (int) (done - offset);
                int to = (int) Math.min(items.size(), from + Math.min(chunk, budget[0])); // budget may be Long.MAX_VALUE
                List<Future<String>> futures = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    Item it = items.get(i);
                    long seq = offset + i;
                    futures.add(pool.submit(() -> journalLine(seq, it, local.get())));
                }
                for (Future<String> f : futures) {
                    w.write(get(f));
                    w.write('\n');
                }
                w.flush();
                done += to - from;
                budget[0] -= to - from;
                saveCheckpoint(fingerprint, done);
                bar.update(done - offset, false);
            }
        }
        bar.finish(done - offset);
        return done;
    }

    private static String get(Future<String> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    /** seq,split,status,label,class,source_index,augmentation[,52 scores[,landmark features]] or [,reason]. */
    private String journalLine(long seq, Item it, FaceAnalyzer analyzer) {
        Sample s = it.sample();
        StringBuilder b = new StringBuilder(800);
        String head = s.split() + "," + label(s) + "," + s.className() + "," + s.sourceIndex() + "," + it.tag();
        Image img;
        try {
            img = s.grey48() != null ? Pixels.greyToRgb(s.grey48(), Fer.SIZE, Fer.SIZE)
                    : ImageConversion.read(input.read(s.name()), s.name());
        } catch (IOException | RuntimeException e) {
            String why = String.valueOf(e.getMessage()).replace(',', ';').replace('\n', ' ');
            return b.append(seq).append(",").append(s.split()).append(",unreadable,").append(label(s)).append(',')
                    .append(s.className()).append(',').append(s.sourceIndex()).append(',').append(it.tag()).append(',')
                    .append(why).toString();
        }
        if (it.flip()) {
            img = Pixels.flip(img);
        }
        if (it.angle() != 0) {
            img = Pixels.rotate(img, it.angle());
        }
        img = Upscale.toLongerSide(img, o.upscale);
        FaceAnalyzer.Result r = analyzer.analyze(img, o.landmarks);
        if (r == null) {
            if (o.filter) {
                return seq + "," + s.split() + ",noface," + head.substring(head.indexOf(',') + 1);
            }
            r = new FaceAnalyzer.Result(new float[Blendshapes.COUNT], o.landmarks ? new float[stages.landmarks().names().size()] : null);
        }
        b.append(seq).append(',').append(s.split()).append(",kept,").append(head.substring(head.indexOf(',') + 1));
        for (float v : r.blendshapes()) {
            b.append(',').append(v);
        }
        if (o.landmarks) {
            float[] lm = r.landmarks() != null ? r.landmarks() : new float[stages.landmarks().names().size()];
            for (float v : lm) {
                b.append(',').append(v);
            }
        }
        return b.toString();
    }

    private List<Sample> keptTrainOriginals() throws IOException {
        // the originals' samples, in input order, whose journal line says kept
        java.util.Set<Long> kept = new java.util.HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",", 8);
                if (f[1].equals("train") && f[2].equals("kept") && f[6].equals("none")) {
                    kept.add(Long.parseLong(f[5]));
                }
            }
        }
        if (o.augmentCopies <= 0) {
            return List.of();
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : capSamples) {
            if (s.split().equals("train") && kept.contains(s.sourceIndex())) {
                out.add(s);
            }
        }
        return out;
    }

    private List<Sample> capSamples = List.of();
    /** The folder or zip of --images; null for a FER2013 CSV. */
    private ImageInput input;

    // ---- outputs

    private void writeOutputs(Counts counts) throws IOException {
        Map<String, BufferedWriter> splitWriters = new TreeMap<>();
        Map<String, BufferedWriter> lmWriters = new TreeMap<>();
        List<Path> partials = new ArrayList<>();
        String header = String.join(",", Blendshapes.NAMES) + ",label,source_index,augmentation";
        String lmHeader = String.join(",", stages.landmarks().names()) + ",label,source_index,augmentation";
        Path droppedPartial = o.out.resolve("dropped.csv.partial");
        partials.add(droppedPartial);
        int unreadable = 0;
        try (BufferedReader r = Files.newBufferedReader(journal, StandardCharsets.UTF_8);
                BufferedWriter dropped = Files.newBufferedWriter(droppedPartial)) {
            dropped.write("source_index,split,class,label,augmentation,reason\n");
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",", 8);
                String split = f[1];
                String status = f[2];
                String cls = f[4];
                boolean aug = !f[6].equals("none");
                String stage = aug ? "augmented" : "original";
                if (!status.equals("kept")) {
                    String reason = status.equals("noface") ? "no face found by MediaPipe" : f[7];
                    dropped.write(f[5] + "," + split + "," + cls + "," + f[3] + "," + f[6] + "," + reason + "\n");
                    if (status.equals("unreadable")) {
                        counts.add(stage + "-unreadable", split, cls);
                        unreadable++;
                        if (unreadable <= 20) {
                            err.println("skipped unreadable image: " + f[7]);
                        }
                    } else {
                        counts.add(stage + "-dropped", split, cls);
                    }
                    continue;
                }
                counts.add(stage + "-kept", split, cls);
                counts.add("rows", split, labelName(Integer.parseInt(f[3])));
                String[] values = f[7].split(",", -1);
                StringBuilder bs = new StringBuilder();
                for (int k = 0; k < Blendshapes.COUNT; k++) {
                    bs.append(values[k]).append(',');
                }
                String tail = f[3] + "," + f[5] + "," + f[6] + "\n";
                writer(splitWriters, split, "", header, partials).write(bs + tail);
                if (o.landmarks) {
                    StringBuilder lm = new StringBuilder();
                    for (int k = Blendshapes.COUNT; k < values.length; k++) {
                        lm.append(values[k]).append(',');
                    }
                    writer(lmWriters, split, "-landmarks", lmHeader, partials).write(lm + tail);
                }
            }
            // a split whose images were all dropped still gets its (header-only) file: no stale file from an earlier run
            for (String split : Fer.SPLITS) {
                if (counts.total("read", split) > 0) {
                    writer(splitWriters, split, "", header, partials);
                    if (o.landmarks) {
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
        if (unreadable > 0) {
            out.printf("%d unreadable images skipped (all listed in dropped.csv)%n", unreadable);
        }
        String summary = summary(counts);
        out.print(summary);
        Report.writeAtomically(o.out.resolve("summary.md"), summary);
        Report.writeAtomically(o.out.resolve("counts.csv"), counts.csv());
        Report.classCounts(counts, o.classes == 7 ? Fer.CLASSES : Fer.LABELS3, o.out);
        Path train = o.out.resolve("train.csv");
        if (Files.isRegularFile(train) && counts.total("rows", "train") > 0) {
            Report.Selection sel = Report.run(train, o.out.resolve("report"), o.threshold, o.minCount, 0);
            out.printf("feature selection on train.csv (score > %.2f in more than %d rows): %d of 52 kept -> %s%n",
                    o.threshold, o.minCount, sel.kept().size(), o.out.resolve("report"));
        }
        out.printf("wrote %s%n", o.out);
    }

    private BufferedWriter writer(Map<String, BufferedWriter> writers, String split, String suffix, String header,
            List<Path> partials) {
        return writers.computeIfAbsent(split, s -> {
            try {
                Path p = o.out.resolve(s + suffix + ".csv.partial");
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

    String summary(Counts c) {
        StringBuilder b = new StringBuilder();
        b.append("\n## Images per class and step\n\n");
        List<String> classes = c.classes();
        for (String split : Fer.SPLITS) {
            if (c.total("read", split) == 0) {
                continue;
            }
            b.append("### ").append(split).append("\n\n| step | ").append(String.join(" | ", classes)).append(" | total |\n|---");
            b.append("|---".repeat(classes.size() + 1)).append("|\n");
            for (String[] step : new String[][] {{"read", "read"}, {"capped", "after caps"},
                    {"original-unreadable", "unreadable (dropped)"}, {"original-dropped", "no face (dropped)"},
                    {"original-kept", "kept"},
                    {"augmented-dropped", "augmented, no face"}, {"augmented-kept", "augmented, kept"}}) {
                b.append("| ").append(step[1]);
                for (String cls : classes) {
                    b.append(" | ").append(c.get(step[0], split, cls));
                }
                b.append(" | ").append(c.total(step[0], split)).append(" |\n");
            }
            b.append('\n');
        }
        b.append("Table 3 (images MediaPipe finds no face in, per class; originals of every split):\n\n| split | ")
                .append(String.join(" | ", classes)).append(" |\n|---").append("|---".repeat(classes.size())).append("|\n");
        for (String split : Fer.SPLITS) {
            if (c.total("read", split) == 0) {
                continue;
            }
            b.append("| ").append(split);
            for (String cls : classes) {
                b.append(" | ").append(c.get("original-dropped", split, cls));
            }
            b.append(" |\n");
        }
        b.append("\nRows written per split and label:\n\n| split | ");
        List<String> labels = o.classes == 7 ? Fer.CLASSES : Fer.LABELS3;
        b.append(String.join(" | ", labels)).append(" | total |\n|---").append("|---".repeat(labels.size() + 1)).append("|\n");
        for (String split : Fer.SPLITS) {
            if (c.total("read", split) == 0) {
                continue;
            }
            b.append("| ").append(split);
            for (String l : labels) {
                b.append(" | ").append(c.get("rows", split, l));
            }
            b.append(" | ").append(c.total("rows", split)).append(" |\n");
        }
        return b.toString();
    }

    // ---- input identity

    private String inputIdentity() throws IOException {
        Path p = o.fer != null ? o.fer : o.images;
        return p.toAbsolutePath() + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
    }

    private void writeSources(List<Sample> all) throws IOException {
        StringBuilder b = new StringBuilder("source_index,split,class,file\n");
        for (Sample s : all) {
            b.append(s.sourceIndex()).append(',').append(s.split()).append(',').append(s.className()).append(',')
                    .append(s.name()).append('\n');
        }
        Report.writeAtomically(o.out.resolve("sources.csv"), b.toString());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts per (step, split, class). */
    static final class Counts {
        private final Map<String, Integer> n = new TreeMap<>();
        private final java.util.LinkedHashSet<String> classes = new java.util.LinkedHashSet<>();

        void add(String step, String split, String cls) {
            n.merge(step + "|" + split + "|" + cls, 1, Integer::sum);
            if (!step.equals("rows")) {
                classes.add(cls);
            }
        }

        int get(String step, String split, String cls) {
            return n.getOrDefault(step + "|" + split + "|" + cls, 0);
        }

        int total(String step, String split) {
            int t = 0;
            for (Map.Entry<String, Integer> e : n.entrySet()) {
                if (e.getKey().startsWith(step + "|" + split + "|")) {
                    t += e.getValue();
                }
            }
            return t;
        }

        /** Every count as {@code step,split,class,count} rows (the numbers behind summary.md, for scripts). */
        String csv() {
            StringBuilder b = new StringBuilder("step,split,class,count\n");
            n.forEach((k, v) -> b.append(k.replace('|', ',')).append(',').append(v).append('\n'));
            return b.toString();
        }

        /** Classes seen, FER order first. */
        List<String> classes() {
            List<String> out = new ArrayList<>();
            for (String c : Fer.CLASSES) {
                if (classes.contains(c)) {
                    out.add(c);
                }
            }
            for (String c : classes) {
                if (!out.contains(c)) {
                    out.add(c);
                }
            }
            return out;
        }
    }
}
