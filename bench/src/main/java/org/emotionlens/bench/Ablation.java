package org.emotionlens.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Experiment;
import org.emotionlens.train.internal.Loss;
import org.emotionlens.train.internal.Metrics;
import org.emotionlens.train.internal.Plots;
import org.emotionlens.train.internal.Trainer;

/**
 * Benchmark 2: {lstm-paper, dense, ours} x {cce, mse, focal} x {all 52, selected} on the reproduction split.
 * Options: --seeds N for dense and ours (default 3), --lstm-seeds N (default 1), --lstm-epochs N (default 40),
 * --lstm-patience N (default 8).
 */
public final class Ablation {
    private Ablation() { }

    public static void main(String[] args) {
        Bench b = new Bench("Ablation", args);
        int seeds = Bench.argInt(args, "--seeds", 3);
        int lstmSeeds = Bench.argInt(args, "--lstm-seeds", 1);
        int lstmEpochs = Bench.argInt(args, "--lstm-epochs", 40);
        int lstmPatience = Bench.argInt(args, "--lstm-patience", 8);
        Dataset train = b.train();
        Dataset test = b.test();
        List<String> groups = new ArrayList<>();
        List<double[]> vals = new ArrayList<>();
        List<double[]> errs = new ArrayList<>();
        StringBuilder md = new StringBuilder(b.mdHeader("Ablation grid: model x loss x features"));
        md.append("Same split as the reproduction (train on `blends_val_full_set.csv`, test on the last 1646 rows of `blends_test_full_set.csv`). ")
          .append(String.format(Locale.ROOT, "dense and ours: %d seeds, epochs/patience as in the reproduction (300/20). ", seeds))
          .append(String.format(Locale.ROOT, "lstm-paper: %d seed(s), at most %d epochs, patience %d (to keep the grid's CPU time reasonable on 2 shared cores). ", lstmSeeds, lstmEpochs, lstmPatience))
          .append("Focal loss: alpha 0.25, gamma 2. `selected` = the paper's rule (score > 0.4 in more than 100 rows) computed on the training file. ")
          .append("ours keeps its sqrt-balanced class weights and out-of-fold class rescale under every loss.\n\n")
          .append("| model | loss | features | seeds | accuracy | macro-F1 | CCE | sad F1 | epochs run (mean) | train s (mean) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        StringBuilder csv = new StringBuilder(b.csvHeader()).append("model,loss,features,feature_count,seed,accuracy,macro_f1,cce,f1_happy,f1_unknown,f1_sad,epochs_run,train_seconds\n");
        System.out.printf(Locale.ROOT, "%-10s %-6s %-9s %-17s %-17s %-8s%n", "model", "loss", "features", "accuracy", "macro-F1", "CCE");
        long t0 = System.nanoTime();
        for (String id : List.of("lstm-paper", "dense", "ours")) {
            for (String lossName : List.of("cce", "mse", "focal")) {
                for (String feat : List.of("all", "selected")) {
                    int n = id.equals("lstm-paper") ? lstmSeeds : seeds;
                    double[] acc = new double[n], f1 = new double[n], ce = new double[n], sad = new double[n], ep = new double[n], secs = new double[n];
                    int fc = 0;
                    for (int s = 0; s < n; s++) {
                        Experiment exp = Experiment.defaults(id);
                        exp.features = feat;
                        exp.config.seed = s + 1;
                        exp.config.loss = Loss.parse(lossName, 0.25, 2.0);
                        if (id.equals("lstm-paper")) { exp.config.epochs = lstmEpochs; exp.config.patience = lstmPatience; }
                        System.err.printf(Locale.ROOT, "\r== %s %s %s seed %d                                        ", id, lossName, feat, s + 1);
                        Experiment.Outcome o = exp.run(train, null);
                        Dataset ts = test.select(o.features);
                        Metrics m = new Metrics(Trainer.predictAll(o.model, ts.x, 2), ts.y);
                        fc = o.features.size();
                        acc[s] = m.accuracy; f1[s] = m.macroF1; ce[s] = m.cce; sad[s] = m.f1[2]; ep[s] = o.result.epochsRun; secs[s] = o.trainSeconds;
                        csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%d,%.2f%n", id, lossName, feat, fc, s + 1,
                                m.accuracy, m.macroF1, m.cce, m.f1[0], m.f1[1], m.f1[2], o.result.epochsRun, o.trainSeconds));
                    }
                    String name = id + " " + lossName + " " + (feat.equals("all") ? "52" : fc);
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s (%d) | %d | %.4f ± %.4f | %.4f ± %.4f | %.4f ± %.4f | %.4f | %.0f | %.1f |%n", id, lossName, feat, fc, n,
                            Bench.mean(acc), Bench.sd(acc), Bench.mean(f1), Bench.sd(f1), Bench.mean(ce), Bench.sd(ce), Bench.mean(sad), Bench.mean(ep), Bench.mean(secs)));
                    System.err.println();
                    System.out.printf(Locale.ROOT, "%-10s %-6s %-9s %.4f ± %.4f   %.4f ± %.4f   %.4f%n", id, lossName, feat + "(" + fc + ")", Bench.mean(acc), Bench.sd(acc), Bench.mean(f1), Bench.sd(f1), Bench.mean(ce));
                    groups.add(name);
                    vals.add(new double[] {Bench.mean(acc), Bench.mean(f1)});
                    errs.add(new double[] {Bench.sd(acc), Bench.sd(f1)});
                }
            }
        }
        double minutes = (System.nanoTime() - t0) / 60e9;
        md.append(String.format(Locale.ROOT, "%nWall time of the whole grid: %.1f min (2 threads per run).%n%n![ablation](ablation.png)%n", minutes));
        md.append(String.format(Locale.ROOT, "%nReference: paper accuracy %.4f, macro-F1 %.4f; majority baseline accuracy %.4f. Per-seed rows: `ablation.csv`.%n", Bench.PAPER_ACCURACY, Bench.PAPER_MACRO_F1, Bench.MAJORITY));
        b.write("ablation.md", md.toString());
        b.write("ablation.csv", csv.toString());
        Plots.bars(b.out.resolve("ablation.png"), "Ablation: test accuracy and macro-F1 (model, loss, feature count)", groups, List.of("accuracy", "macro-F1"),
                vals.toArray(new double[0][]), errs.toArray(new double[0][]), 0.0, 1.0,
                List.of("majority acc", "paper F1 0.630"), new double[] {Bench.MAJORITY, Bench.PAPER_MACRO_F1});
        System.out.printf(Locale.ROOT, "grid wall time %.1f min%n", minutes);
    }
}
