package org.emotionlens.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Experiment;
import org.emotionlens.train.internal.Loss;
import org.emotionlens.train.internal.Metrics;
import org.emotionlens.train.internal.Plots;

/**
 * Benchmark 2: the paper's ablations on FER2013 under docs/classifiers/protocol.md — model x loss x features,
 * trained on out/fer2013/train.csv with early stopping on validation.csv, then tested once on (a) the paper's
 * test rows and (b) our PrivateTest rows. Nothing is chosen from this grid. Options: --seeds N (default 3) for
 * dense and ours, --lstm-seeds N (default 3), --lstm-losses list (default mse: the cce rows of lstm-paper are the
 * reproduction's, read from docs/classifiers/reproduction.csv), --lstm-epochs N (20), --lstm-patience N (4).
 */
public final class Ablation {
    private Ablation() { }

    public static void main(String[] args) throws Exception {
        Bench b = new Bench("Ablation", args);
        int seeds = Bench.argInt(args, "--seeds", 3);
        int lstmSeeds = Bench.argInt(args, "--lstm-seeds", 3);
        int lstmEpochs = Bench.argInt(args, "--lstm-epochs", 20);
        int lstmPatience = Bench.argInt(args, "--lstm-patience", 4);
        List<String> lstmLosses = List.of(Reproduction.option(args, "--lstm-losses", "mse").split(","));
        Fer2013Data data = new Fer2013Data(b);
        Dataset train = data.split("train", "blendshapes");
        Dataset val = data.split("validation", "blendshapes");
        Dataset testA = data.paperTest();
        Dataset testB = data.split("test", "blendshapes");
        List<String> groups = new ArrayList<>();
        List<double[]> vals = new ArrayList<>();
        List<double[]> errs = new ArrayList<>();
        StringBuilder md = new StringBuilder(b.mdHeader("Ablation grid on FER2013: model x loss x features"));
        md.append("Protocol: [protocol.md](protocol.md); data as in [reproduction.md](reproduction.md). Nothing is chosen from this grid: ")
          .append("it shows what each of the paper's choices does. Focal loss: alpha 0.25, gamma 2. `selected` = the paper's rule ")
          .append("(score > 0.4 in more than 100 rows) on the training file. ours keeps its class weights and validation-fitted rescale under every loss. ")
          .append(String.format(Locale.ROOT, "dense and ours: %d seeds; lstm-paper: %d seed(s), batch 128, at most %d epochs, patience %d; ", seeds, lstmSeeds, lstmEpochs, lstmPatience))
          .append("the lstm-paper cce rows are the reproduction's runs (reproduction.csv), not trained again.\n\n")
          .append("| model | loss | features | seeds | validation accuracy | validation macro-F1 | (a) accuracy | (a) macro-F1 | (b) accuracy | (b) macro-F1 | (a) sad F1 |\n")
          .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        StringBuilder csv = new StringBuilder(b.csvHeader()).append("model,loss,features,feature_count,seed,val_accuracy,val_macro_f1,a_accuracy,a_macro_f1,a_cce,a_f1_sad,b_accuracy,b_macro_f1,epochs_run,train_seconds\n");
        long t0 = System.nanoTime();
        lstmFromReproduction(b.out.resolve("reproduction.csv"), md, groups, vals, errs);
        for (String id : List.of("lstm-paper", "dense", "ours")) {
            for (String lossName : List.of("cce", "mse", "focal")) {
                for (String feat : List.of("all", "selected")) {
                    boolean lstm = id.equals("lstm-paper");
                    if (lstm && (!lstmLosses.contains(lossName) || !feat.equals("all"))) continue;
                    int n = lstm ? lstmSeeds : seeds;
                    double[][] v = new double[7][n];
                    int fc = 0;
                    for (int s = 0; s < n; s++) {
                        Experiment exp = Experiment.defaults(id);
                        exp.features = feat;
                        exp.config.seed = s + 1;
                        exp.config.loss = Loss.parse(lossName, 0.25, 2.0);
                        if (lstm) { exp.config.batchSize = 128; exp.config.epochs = lstmEpochs; exp.config.patience = lstmPatience; }
                        System.err.printf(Locale.ROOT, "== %s %s %s seed %d%n", id, lossName, feat, s + 1);
                        Experiment.Outcome o = exp.run(train, val);
                        Metrics a = Reproduction.metrics(o.model, testA.select(o.features));
                        Metrics tb = Reproduction.metrics(o.model, testB.select(o.features));
                        fc = o.features.size();
                        double[] row = {o.validation.accuracy, o.validation.macroF1, a.accuracy, a.macroF1, tb.accuracy, tb.macroF1, a.f1[2]};
                        for (int k = 0; k < row.length; k++) v[k][s] = row[k];
                        csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%d,%.1f%n", id, lossName, feat, fc, s + 1,
                                o.validation.accuracy, o.validation.macroF1, a.accuracy, a.macroF1, a.cce, a.f1[2], tb.accuracy, tb.macroF1, o.result.epochsRun, o.trainSeconds));
                    }
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s (%d) | %d | %s | %s | %s | %s | %s | %s | %.4f |%n", id, lossName, feat, fc, n,
                            Reproduction.ms(v[0]), Reproduction.ms(v[1]), Reproduction.ms(v[2]), Reproduction.ms(v[3]), Reproduction.ms(v[4]), Reproduction.ms(v[5]), Bench.mean(v[6])));
                    System.out.printf(Locale.ROOT, "%-10s %-6s %-9s (a) %s  %s%n", id, lossName, feat + "(" + fc + ")", Reproduction.ms(v[2]), Reproduction.ms(v[3]));
                    groups.add(id + " " + lossName + " " + fc);
                    vals.add(new double[] {Bench.mean(v[2]), Bench.mean(v[3])});
                    errs.add(new double[] {Bench.sd(v[2]), Bench.sd(v[3])});
                }
            }
        }
        double minutes = (System.nanoTime() - t0) / 60e9;
        md.append(String.format(Locale.ROOT, "%nWall time of the grid: %.0f min on 2 shared cores.%n%n![ablation](ablation.png)%n", minutes));
        md.append(String.format(Locale.ROOT, "%nReference on (a): paper accuracy %.4f, macro-F1 %.4f; majority baseline accuracy %.4f. Per-seed rows: `ablation.csv`.%n", Bench.PAPER_ACCURACY, Bench.PAPER_MACRO_F1, Bench.MAJORITY));
        b.write("ablation.md", md.toString());
        b.write("ablation.csv", csv.toString());
        chart(b, groups, vals, errs);
        System.out.printf(Locale.ROOT, "grid wall time %.1f min%n", minutes);
    }

    /** ablation.png: mean ± sd on test (a) per model, loss and feature count; Replot draws it too. */
    static void chart(Bench b, List<String> groups, List<double[]> vals, List<double[]> errs) {
        Plots.bars(b.out.resolve("ablation.png"), "Ablation on FER2013: test (a) accuracy and macro-F1 (model, loss, feature count)", groups, List.of("accuracy", "macro-F1"),
                vals.toArray(new double[0][]), errs.toArray(new double[0][]), 0.0, 1.0,
                List.of("majority acc", "paper F1 0.630"), new double[] {Bench.MAJORITY, Bench.PAPER_MACRO_F1});
    }

    /** The lstm-paper cce rows (52 and selected) from the reproduction's per-seed file. */
    static void lstmFromReproduction(Path csv, StringBuilder md, List<String> groups, List<double[]> vals, List<double[]> errs) throws Exception {
        if (!Files.isRegularFile(csv)) throw new IllegalStateException(csv + " is missing: run the Reproduction bench first");
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(1).split(","));
        for (String id : List.of("lstm-paper", "lstm-paper-selected")) {
            List<double[]> rows = new ArrayList<>();
            int fc = 0;
            for (String l : lines.subList(2, lines.size())) {
                String[] f = l.split(",");
                if (!f[0].equals(id)) continue;
                fc = Integer.parseInt(f[header.indexOf("features")]);
                String[] cols = {"val_accuracy", "val_macro_f1", "a_accuracy", "a_macro_f1", "b_accuracy", "b_macro_f1"};
                double[] r = new double[cols.length];
                for (int k = 0; k < cols.length; k++) r[k] = Double.parseDouble(f[header.indexOf(cols[k])]);
                rows.add(r);
            }
            if (rows.isEmpty()) throw new IllegalStateException(csv + " has no " + id + " rows");
            double[][] v = new double[6][rows.size()];
            for (int s = 0; s < rows.size(); s++) for (int k = 0; k < 6; k++) v[k][s] = rows.get(s)[k];
            md.append(String.format(Locale.ROOT, "| lstm-paper | cce | %s (%d) | %d | %s | %s | %s | %s | %s | %s | - |%n", id.endsWith("selected") ? "selected" : "all", fc, rows.size(),
                    Reproduction.ms(v[0]), Reproduction.ms(v[1]), Reproduction.ms(v[2]), Reproduction.ms(v[3]), Reproduction.ms(v[4]), Reproduction.ms(v[5])));
            groups.add("lstm-paper cce " + fc);
            vals.add(new double[] {Bench.mean(v[2]), Bench.mean(v[3])});
            errs.add(new double[] {Bench.sd(v[2]), Bench.sd(v[3])});
        }
    }
}
