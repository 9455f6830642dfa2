package org.emotionlens.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emotionlens.train.internal.Plots;

/** Redraws reproduction.png and ablation.png from their CSV files (no training). */
public final class Replot {
    private Replot() { }

    public static void main(String[] args) throws Exception {
        Bench b = new Bench("Replot", args);
        // reproduction.csv: model,seed,...,accuracy(3),macro_f1(4)
        Map<String, List<double[]>> rep = read(b, "reproduction.csv", new int[] {0}, 3, 4);
        List<String> groups = new ArrayList<>(List.of("paper"));
        List<double[]> vals = new ArrayList<>(List.of(new double[] {Bench.PAPER_ACCURACY, Bench.PAPER_MACRO_F1}));
        List<double[]> errs = new ArrayList<>(List.of(new double[] {0, 0}));
        summarise(rep, groups, vals, errs);
        Plots.bars(b.out.resolve("reproduction.png"), "Test accuracy and macro-F1 (mean ± sd over seeds) vs the paper", groups, List.of("accuracy", "macro-F1"),
                vals.toArray(new double[0][]), errs.toArray(new double[0][]), 0.0, 1.0,
                List.of("majority acc " + String.format(Locale.ROOT, "%.3f", Bench.MAJORITY), "paper acc 0.720"), new double[] {Bench.MAJORITY, Bench.PAPER_ACCURACY});
        // ablation.csv: model,loss,features,feature_count,seed,accuracy(5),macro_f1(6)
        Map<String, List<double[]>> abl = read(b, "ablation.csv", new int[] {0, 1, 3}, 5, 6);
        groups.clear(); vals.clear(); errs.clear();
        summarise(abl, groups, vals, errs);
        Plots.bars(b.out.resolve("ablation.png"), "Ablation: test accuracy and macro-F1 (model, loss, feature count)", groups, List.of("accuracy", "macro-F1"),
                vals.toArray(new double[0][]), errs.toArray(new double[0][]), 0.0, 1.0,
                List.of("majority acc", "paper F1 0.630"), new double[] {Bench.MAJORITY, Bench.PAPER_MACRO_F1});
        System.out.println("redrew reproduction.png and ablation.png in " + b.out);
    }

    static Map<String, List<double[]>> read(Bench b, String file, int[] keyCols, int accCol, int f1Col) throws Exception {
        Map<String, List<double[]>> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(b.out.resolve(file));
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split(",");
            StringBuilder key = new StringBuilder();
            for (int k : keyCols) key.append(key.length() == 0 ? "" : " ").append(f[k]);
            m.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(new double[] {Double.parseDouble(f[accCol]), Double.parseDouble(f[f1Col])});
        }
        return m;
    }

    static void summarise(Map<String, List<double[]>> m, List<String> groups, List<double[]> vals, List<double[]> errs) {
        for (Map.Entry<String, List<double[]>> e : m.entrySet()) {
            double[] acc = e.getValue().stream().mapToDouble(v -> v[0]).toArray();
            double[] f1 = e.getValue().stream().mapToDouble(v -> v[1]).toArray();
            groups.add(e.getKey());
            vals.add(new double[] {Bench.mean(acc), Bench.mean(f1)});
            errs.add(new double[] {Bench.sd(acc), Bench.sd(f1)});
        }
    }
}
