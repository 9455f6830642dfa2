package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.emotionlens.pipeline.FixedPipeline;

/**
 * {@code dataset build}, step by step: read ({@link BuildInput}) and label ({@link Labels}), cap ({@link Caps}),
 * run the originals and then the augmented copies of the training images that passed ({@link AugmentationPlan})
 * as two pipeline runs ({@link AnalysisRun}: a data-set source, the stages, a data-set sink journalling the rows for
 * resume in {@link Journal}), then write the data set ({@link OutputFiles}) and its summary and report.
 */
final class Builder {
    /** Exit code of a build stopped by --stop-after: re-run the same command to continue. */
    static final int STOPPED = 3;

    private final BuildOptions o;
    private final Stages stages;
    private final PrintStream out;
    private final PrintStream err;
    private final Labels labels;

    Builder(BuildOptions options, Stages stages, PrintStream out, PrintStream err) {
        this.o = options;
        this.stages = stages;
        this.out = out;
        this.err = err;
        this.labels = new Labels(o.classes);
    }

    int run() throws IOException {
        Files.createDirectories(o.out);
        Journal journal = new Journal(o.out);
        List<Sample> all;
        List<Sample> capped;
        Counts counts = new Counts();
        try (BuildInput input = BuildInput.read(o, out, err)) {
            all = input.samples();
            for (Sample s : all) {
                labels.of(s); // fail early on a label the class mode cannot express
            }
            capped = new Caps(o.caps, o.capSplits, o.capRandom, o.seed).apply(all);
            all.forEach(s -> counts.add("read", s.split(), s.className()));
            capped.forEach(s -> counts.add("capped", s.split(), s.className()));

            long done = journal.open(Journal.fingerprint(o.fingerprintText() + ";input=" + input.identity()),
                    o.restart, out);
            List<WorkItem> originals = capped.stream().map(WorkItem::original).toList();
            DatasetFeatures features = new DatasetFeatures(stages.blendshapes(),
                    o.landmarks ? stages.landmarks() : null);
            AnalysisRun run = new AnalysisRun(new FixedPipeline.Stages(stages.detector(), stages.landmarker(), features,
                    null), new ItemFrames(input, labels, o.upscale), new ItemRow(o.filter, features.names().size()),
                    o.threads, o.stopAfter, journal, err);
            out.printf("detectability filter: %s; images upscaled to %d px before MediaPipe; %d worker threads%n",
                    o.filter ? "on" : "off", o.upscale, o.threads);
            done = run.process(originals, 0, done, "filter   ");
            if (done < originals.size()) {
                return stopped(done);
            }
            List<WorkItem> augmented = new AugmentationPlan(o.augmentCopies, o.maxRotation, o.flipProbability,
                    o.seed).copies(keptTrainOriginals(journal, capped));
            long total = originals.size() + augmented.size();
            if (!augmented.isEmpty()) {
                out.printf("augmentation: %d copies of each of the %d kept training images (flip p=%.2f, rotation up to "
                        + "+-%.1f degrees, seed %d)%n", o.augmentCopies, augmented.size() / Math.max(1, o.augmentCopies),
                        o.flipProbability, o.maxRotation, o.seed);
            }
            done = run.process(augmented, originals.size(), done, "augment  ");
            if (done < total) {
                return stopped(done);
            }
            int unreadable = new OutputFiles(o.out, labels, o.landmarks ? stages.landmarks().names() : null, err)
                    .write(journal, counts);
            writeSummary(counts, unreadable);
            if (!anyDecoded(counts)) {
                err.println("dataset build: none of the " + all.size() + " images of " + input.path()
                        + " could be decoded (see " + o.out.resolve("dropped.csv") + "); " + input.expectedLayout());
                return 1;
            }
            if (input.badRows() > 0) {
                out.printf("%d malformed input rows were skipped (listed above with their line numbers)%n",
                        input.badRows());
            }
        }
        journal.delete();
        return 0;
    }

    private int stopped(long done) {
        err.printf("stopped after %d work items as asked (--stop-after); run the same command again to continue%n", done);
        return STOPPED;
    }

    /** The capped training samples, in input order, whose original's journal row says kept. */
    private List<Sample> keptTrainOriginals(Journal journal, List<Sample> capped) throws IOException {
        if (o.augmentCopies <= 0) {
            return List.of();
        }
        Set<Long> kept = new HashSet<>();
        journal.read(row -> {
            if (row.split().equals("train") && row.status().equals("kept") && row.original()) {
                kept.add(Long.parseLong(row.sourceIndex()));
            }
        });
        List<Sample> out = new ArrayList<>();
        for (Sample s : capped) {
            if (s.split().equals("train") && kept.contains(s.sourceIndex())) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean anyDecoded(Counts counts) {
        int readable = 0;
        for (String split : Fer.SPLITS) {
            readable += counts.total("original-kept", split) + counts.total("original-dropped", split);
        }
        return readable > 0;
    }

    /** summary.md, counts.csv, the class counts and the feature-selection report on train.csv, told on out. */
    private void writeSummary(Counts counts, int unreadable) throws IOException {
        if (unreadable > 0) {
            out.printf("%d unreadable images skipped (all listed in dropped.csv)%n", unreadable);
        }
        String summary = Summary.of(counts, labels);
        out.print(summary);
        Report.writeAtomically(o.out.resolve("summary.md"), summary);
        Report.writeAtomically(o.out.resolve("counts.csv"), counts.csv());
        Report.classCounts(counts, labels.names(), o.out);
        Path train = o.out.resolve("train.csv");
        if (Files.isRegularFile(train) && counts.total("rows", "train") > 0) {
            Report.Selection sel = Report.run(train, o.out.resolve("report"), o.threshold, o.minCount, 0);
            out.printf("feature selection on train.csv (score > %.2f in more than %d rows): %d of 52 kept -> %s%n",
                    o.threshold, o.minCount, sel.kept().size(), o.out.resolve("report"));
        }
        out.printf("wrote %s%n", o.out);
    }
}
