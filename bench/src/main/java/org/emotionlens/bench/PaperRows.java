package org.emotionlens.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emotionlens.train.internal.Classifier;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Ensemble;
import org.emotionlens.train.internal.Experiment;
import org.emotionlens.train.internal.Metrics;
import org.emotionlens.train.internal.Network;
import org.emotionlens.train.internal.Trainer;

/**
 * Benchmark 1b: test (a) judged in its own feature domain. Test (a) holds the paper's author's MediaPipe scores of
 * a subset of PrivateTest whose classes are spread unlike FER2013's (two thirds "unknown"); the paper also released
 * the same pipeline's scores of PublicTest, i.e. a validation split from the same domain and class spread. Here
 * every model is trained on one of our training sets (the paper's capped and augmented data set, or every training
 * image with a face) and early-stopped (ours: also class-rescaled) on those paper validation rows; the training set
 * of each model kind, and the ensemble size of ours, are chosen by mean validation accuracy + macro-F1 (ours: of its
 * rescale fitted on half the rows and scored on the other half, {@link HalfSplitCalibration}); only then is test (a)
 * evaluated, once.
 * Options: --seeds N (default 3), --models a,b (default dense,ours; lstm-paper costs about 20 s an epoch), --ours-members a,b
 * (ensemble sizes of ours, default 5,10,20),
 * --lstm-epochs N (default 20), --lstm-patience N (default 4).
 */
public final class PaperRows {
    private PaperRows() { }

    /** A training set: a name for the table and its file. */
    record TrainingSet(String id, String description, Path file) { }

    /**
     * One trained model: its variant ("dense", "ours, 20 members"), training set and seed; validation figures
     * (for ours fitted on those rows) and, for ours, the half-split score of its class rescale (null for dense).
     */
    record Run(String kind, String variant, TrainingSet set, long seed, Classifier model, List<String> features, Metrics val,
               HalfSplitCalibration.Score heldOut, int epochsRun) {
        /** What the choice among a kind's variants is made on: the honest validation score of each. */
        double choiceScore() { return heldOut == null ? val.accuracy + val.macroF1 : heldOut.sum(); }
    }

    static final int HALF_SPLIT_REPEATS = 10;

    public static void main(String[] args) throws Exception {
        Bench b = new Bench("PaperRows", args);
        int seeds = Bench.argInt(args, "--seeds", 3);
        int lstmEpochs = Bench.argInt(args, "--lstm-epochs", 20);
        int lstmPatience = Bench.argInt(args, "--lstm-patience", 4);
        List<String> models = List.of(Bench.argString(args, "--models", "dense,ours").split(","));
        int[] oursMembers = Arrays.stream(Bench.argString(args, "--ours-members", "5,10,20").split(",")).mapToInt(Integer::parseInt).sorted().toArray();
        Path fer = Path.of(System.getProperty("emotionlens.fer2013", "out/fer2013"));
        Path variants = Path.of(System.getProperty("emotionlens.fer2013.variants", "out/fer2013-variants"));
        List<TrainingSet> sets = List.of(
                new TrainingSet("paper data set", "out/fer2013/train.csv: Table 2 caps, one flipped/rotated copy per kept image", fer.resolve("train.csv")),
                new TrainingSet("all images", "out/fer2013-variants/all-64/train.csv: every training image with a face, no caps, no copies", variants.resolve("all-64/train.csv")));
        for (TrainingSet s : sets) {
            if (!Files.isRegularFile(s.file())) {
                throw new IllegalStateException(s.file() + " is missing: build the data sets first with docs/dataset/fer2013/make.sh");
            }
        }
        Dataset val = CsvData.read(b.data.resolve("blends_val_full_set.csv"), 0, CsvData.OnBadRow.FAIL, System.err);
        Map<String, List<Run>> runs = new LinkedHashMap<>(); // "variant / set" -> seeds
        long t0 = System.nanoTime();
        // 1. train every model on every training set and seed; only the paper's validation rows are looked at
        for (String model : models) {
            for (TrainingSet s : sets) {
                Dataset train = CsvData.read(s.file(), 0, CsvData.OnBadRow.FAIL, System.err);
                for (long seed = 1; seed <= seeds; seed++) {
                    Experiment exp = Experiment.defaults(model);
                    exp.modelId = model;
                    exp.features = "all";
                    exp.config.seed = seed;
                    exp.config.progress = System.err;
                    if (model.equals("lstm-paper")) {
                        exp.config.batchSize = 128;
                        exp.config.epochs = lstmEpochs;
                        exp.config.patience = lstmPatience;
                    }
                    if (model.equals("ours")) exp.folds = oursMembers[oursMembers.length - 1];
                    System.err.printf(Locale.ROOT, "== %s on %s, seed %d%n", model, s.id(), seed);
                    Experiment.Outcome o = exp.run(train, val);
                    List<Run> made = model.equals("ours") ? oursVariants(o, val, s, seed, oursMembers)
                            : List.of(new Run(model, model, s, seed, o.model, o.features, o.validation, null, o.result.epochsRun));
                    for (Run r : made) {
                        runs.computeIfAbsent(r.variant() + " / " + s.id(), k -> new ArrayList<>()).add(r);
                        System.out.printf(Locale.ROOT, "%-17s %-15s seed %d  validation accuracy %.4f  macro-F1 %.4f%s  epochs %d%n",
                                r.variant(), s.id(), seed, r.val().accuracy, r.val().macroF1, r.heldOut() == null ? ""
                                        : String.format(Locale.ROOT, "  half-split %.4f / %.4f", r.heldOut().accuracy(), r.heldOut().macroF1()), r.epochsRun());
                    }
                }
            }
        }
        double trainMinutes = (System.nanoTime() - t0) / 60e9;
        // 2. each model kind's variant and training set, chosen on validation
        Map<String, String> chosen = new LinkedHashMap<>();
        Map<String, Double> bestScore = new LinkedHashMap<>();
        runs.forEach((key, rs) -> {
            String kind = rs.get(0).kind();
            double score = rs.stream().mapToDouble(Run::choiceScore).average().orElseThrow();
            if (score > bestScore.getOrDefault(kind, -1.0)) {
                bestScore.put(kind, score);
                chosen.put(kind, key);
            }
        });
        // 3. test (a), once, after every choice
        Dataset test = b.test();
        Map<Run, Metrics> tests = new LinkedHashMap<>();
        runs.values().forEach(rs -> rs.forEach(r -> tests.put(r, Reproduction.metrics(r.model(), test.select(r.features())))));
        report(b, sets, runs, chosen, tests, seeds, lstmEpochs, lstmPatience, trainMinutes);
    }

    /**
     * The ours ensembles of the first k members, for every k asked: members are trained one after the other from
     * their own seeds, so the first k of the largest ensemble are exactly the k-member ensemble. Each gets its own
     * class rescale fitted on the validation rows, and the half-split score of that rescale.
     */
    static List<Run> oursVariants(Experiment.Outcome o, Dataset val, TrainingSet set, long seed, int[] sizes) {
        List<Network> members = o.model.members();
        Dataset v = val.select(o.features);
        double[][][] p = new double[members.size()][][];
        for (int m = 0; m < members.size(); m++) p[m] = Trainer.predictAll(members.get(m), v.x, 2);
        List<Run> out = new ArrayList<>();
        for (int k : sizes) {
            double[][] mean = new double[v.size()][Dataset.CLASSES];
            for (int m = 0; m < k; m++)
                for (int r = 0; r < v.size(); r++)
                    for (int c = 0; c < Dataset.CLASSES; c++) mean[r][c] += p[m][r][c] / k;
            Ensemble e = new Ensemble(members.subList(0, k));
            e.setClassScale(Experiment.calibrate(mean, v.y));
            double[][] scaled = new double[mean.length][];
            for (int r = 0; r < mean.length; r++) scaled[r] = Ensemble.rescale(mean[r], e.classScale());
            int member = k;
            int epochs = (int) o.result.history.stream().filter(ep -> ep.member() < member).count();
            out.add(new Run("ours", "ours, " + k + " members", set, seed, e, o.features, new Metrics(scaled, v.y),
                    HalfSplitCalibration.score(mean, v.y, HALF_SPLIT_REPEATS, seed), epochs));
        }
        return out;
    }

    static void report(Bench b, List<TrainingSet> sets, Map<String, List<Run>> runs, Map<String, String> chosen, Map<Run, Metrics> tests,
                       int seeds, int lstmEpochs, int lstmPatience, double trainMinutes) {
        StringBuilder md = new StringBuilder(b.mdHeader("Test (a) in its own domain: choices on the paper's validation rows"));
        md.append("Protocol: [protocol.md](protocol.md), with one change of validation data. Test (a) is the last 1646 rows of the paper's ")
          .append("`blends_test_full_set.csv`: the author's MediaPipe on a PrivateTest subset whose classes are two thirds \"unknown\" ")
          .append("(1,110 of 1,646, where FER2013's whole PrivateTest has 2,116 of 3,589, 59 %). Our validation split has FER2013's spread and our MediaPipe's scores, so a ")
          .append("model tuned on it is tuned for another prior and another feature domain. The paper also released its validation ")
          .append("rows, `blends_val_full_set.csv` (1658 PublicTest faces, same pipeline and class spread as test (a)); here they are ")
          .append("the validation data: early stopping, the `ours` class rescale, its ensemble size and the choice of training set use them only. ")
          .append("Training sets:\n\n");
        for (TrainingSet s : sets) md.append("- ").append(s.id()).append(": ").append(s.description()).append('\n');
        md.append(String.format(Locale.ROOT, "%nMean ± sample standard deviation over seeds 1..%d. ", seeds))
          .append("`ours` is an ensemble of small selu networks whose mean is rescaled per class by factors fitted on the validation rows; ")
          .append("its members are trained one after the other from their own seeds, so its 5-, 10- and 20-member ensembles share their first members ")
          .append("(the 5-member one is `emotionlens train`'s default). Its fitted validation figures are optimistic, so its variants are ranked by ")
          .append(String.format(Locale.ROOT, "the *half-split* score: the validation rows split in random halves %d times, the rescale fitted on one half and ", HALF_SPLIT_REPEATS))
          .append("scored on the other, both ways (`HalfSplitCalibration`). Each model kind's variant and training set is chosen by its mean ")
          .append("validation accuracy + macro-F1 (dense: plain validation; ours: half-split), marked *chosen*; test (a) was evaluated once, after those choices. ");
        if (runs.keySet().stream().anyMatch(k -> k.startsWith("lstm-paper"))) {
            md.append(String.format(Locale.ROOT, "lstm-paper: batch 128, lr 1e-3, at most %d epochs, patience %d. ", lstmEpochs, lstmPatience));
        }
        md.append("Other settings: the defaults of `emotionlens train`. ")
          .append(String.format(Locale.ROOT, "Training took %.0f min on 2 shared cores. The committed models in models/ stay the ones chosen on our ", trainMinutes))
          .append("own validation split ([reproduction.md](reproduction.md)): the runtime computes our MediaPipe's features, not the paper's.\n\n")
          .append("History: the first version of this bench had `ours` with 5 members only (its rows below are the same models); its chosen row met ")
          .append("the issue's macro-F1 goal on test (a) but not its accuracy goal. The 10- and 20-member variants and the half-split score were added ")
          .append("after that test figure had been seen, so test (a) is not untouched for this question; the choice among them is still made here ")
          .append("on validation rows only, before test (a) is read, and every variant's test (a) figures are shown.\n\n");
        md.append("| model / training set | validation accuracy | validation macro-F1 | half-split accuracy | half-split macro-F1 | test (a) accuracy | test (a) macro-F1 | test (a) CCE | epochs run |\n")
          .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        md.append(String.format(Locale.ROOT, "| paper (LSTM, its own training file) | - | - | - | - | %.4f | %.4f | %.4f | 5000 |%n", Bench.PAPER_ACCURACY, Bench.PAPER_MACRO_F1, Bench.PAPER_CCE));
        StringBuilder csv = new StringBuilder(b.csvHeader()).append("model,training_set,seed,chosen,val_accuracy,val_macro_f1,val_cce,half_split_accuracy,half_split_macro_f1,a_accuracy,a_macro_f1,a_cce,epochs_run\n");
        StringBuilder cm = new StringBuilder("\n## Confusion matrices on test (a), seed 1 (rows = truth happy, unknown, sad)\n\n| model / training set | confusion |\n| --- | --- |\n");
        cm.append(String.format(Locale.ROOT, "| paper | %s |%n", Arrays.deepToString(Bench.PAPER_CONFUSION)));
        for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
            List<Run> rs = e.getValue();
            boolean isChosen = chosen.containsValue(e.getKey());
            double[] va = rs.stream().mapToDouble(r -> r.val().accuracy).toArray();
            double[] vf = rs.stream().mapToDouble(r -> r.val().macroF1).toArray();
            boolean half = rs.get(0).heldOut() != null;
            String ha = half ? Reproduction.ms(rs.stream().mapToDouble(r -> r.heldOut().accuracy()).toArray()) : "-";
            String hf = half ? Reproduction.ms(rs.stream().mapToDouble(r -> r.heldOut().macroF1()).toArray()) : "-";
            double[] aa = rs.stream().mapToDouble(r -> tests.get(r).accuracy).toArray();
            double[] af = rs.stream().mapToDouble(r -> tests.get(r).macroF1).toArray();
            double[] ac = rs.stream().mapToDouble(r -> tests.get(r).cce).toArray();
            double ep = rs.stream().mapToDouble(Run::epochsRun).average().orElse(0);
            md.append(String.format(Locale.ROOT, "| %s%s | %s | %s | %s | %s | %s | %s | %s | %.0f |%n", e.getKey(), isChosen ? " (*chosen*)" : "",
                    Reproduction.ms(va), Reproduction.ms(vf), ha, hf, Reproduction.ms(aa), Reproduction.ms(af), Reproduction.ms(ac), ep));
            cm.append(String.format(Locale.ROOT, "| %s | %s |%n", e.getKey(), Arrays.deepToString(tests.get(rs.get(0)).confusion)));
            for (Run r : rs) {
                Metrics a = tests.get(r);
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%.6f,%.6f,%.6f,%s,%s,%.6f,%.6f,%.6f,%d%n", r.variant(), r.set().id(), r.seed(), isChosen,
                        r.val().accuracy, r.val().macroF1, r.val().cce,
                        r.heldOut() == null ? "" : String.format(Locale.ROOT, "%.6f", r.heldOut().accuracy()),
                        r.heldOut() == null ? "" : String.format(Locale.ROOT, "%.6f", r.heldOut().macroF1()),
                        a.accuracy, a.macroF1, a.cce, r.epochsRun()));
            }
        }
        md.append(String.format(Locale.ROOT, "%nGoal of issue 11 on test (a): mean accuracy >= 0.76 and macro-F1 >= 0.65 (the paper: %.4f / %.4f). ", Bench.PAPER_ACCURACY, Bench.PAPER_MACRO_F1));
        List<String> verdicts = new ArrayList<>();
        chosen.forEach((kind, key) -> {
            List<Run> rs = runs.get(key);
            double acc = rs.stream().mapToDouble(r -> tests.get(r).accuracy).average().orElseThrow();
            double f1 = rs.stream().mapToDouble(r -> tests.get(r).macroF1).average().orElseThrow();
            verdicts.add(String.format(Locale.ROOT, "Chosen %s (%s): %s.", kind, key, acc >= 0.76 && f1 >= 0.65 ? "meets it" : "misses it"));
        });
        md.append(String.join(" ", verdicts)).append('\n');
        md.append(cm).append("\nPer-seed figures: `paper-rows.csv`.\n");
        b.write("paper-rows.md", md.toString());
        b.write("paper-rows.csv", csv.toString());
        System.out.print(md);
    }
}
