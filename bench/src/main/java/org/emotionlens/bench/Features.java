package org.emotionlens.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Experiment;
import org.emotionlens.train.internal.Metrics;

/**
 * Benchmark 4: which face features carry the emotion, under docs/classifiers/protocol.md — the same dense network
 * on the 52 blendshapes, on the 1434 landmark coordinates, and on both side by side, trained on
 * out/fer2013 with early stopping on validation, tested once on our PrivateTest rows (test (b); the paper's test
 * rows have no landmarks). Offline only: the runtime has no extractor that joins the two feature kinds yet.
 * Options: --seeds N (default 3).
 */
public final class Features {
    private Features() { }

    public static void main(String[] args) {
        Bench b = new Bench("Features", args);
        int seeds = Bench.argInt(args, "--seeds", 3);
        Fer2013Data data = new Fer2013Data(b);
        StringBuilder md = new StringBuilder(b.mdHeader("Face features: blendshapes, landmarks, both"));
        md.append("Protocol: [protocol.md](protocol.md). Training `out/fer2013/train.csv` and `train-landmarks.csv` (the same rows), ")
          .append("early stopping on validation, then test (b), our PrivateTest rows, once. ")
          .append(String.format(Locale.ROOT, "Mean ± sd over seeds 1..%d. Nothing here was committed as a model: the runtime cannot join the two feature kinds yet.%n%n", seeds))
          .append("| features | model | inputs | validation accuracy | validation macro-F1 | (b) accuracy | (b) macro-F1 | (b) CCE |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        StringBuilder csv = new StringBuilder(b.csvHeader()).append("features,model,inputs,seed,val_accuracy,val_macro_f1,b_accuracy,b_macro_f1,b_cce\n");
        Map<String, Dataset[]> cache = new LinkedHashMap<>();
        for (String kind : List.of("blendshapes", "landmarks", "fused")) {
            Dataset[] d = cache.computeIfAbsent(kind, k -> new Dataset[] {data.split("train", k), data.split("validation", k), data.split("test", k)});
            for (String model : List.of("dense")) { // ours (5 members) on 1486 inputs costs too much CPU here
                List<double[]> rows = new ArrayList<>();
                int inputs = d[0].featureNames.size();
                for (long seed = 1; seed <= seeds; seed++) {
                    Experiment exp = Experiment.defaults(model);
                    exp.config.seed = seed;
                    System.err.printf(Locale.ROOT, "== %s %s seed %d%n", kind, model, seed);
                    Experiment.Outcome o = exp.run(d[0], d[1]);
                    Metrics t = Reproduction.metrics(o.model, d[2].select(o.features));
                    rows.add(new double[] {o.validation.accuracy, o.validation.macroF1, t.accuracy, t.macroF1, t.cce});
                    csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f%n", kind, model, inputs, seed,
                            o.validation.accuracy, o.validation.macroF1, t.accuracy, t.macroF1, t.cce));
                }
                double[][] v = new double[5][rows.size()];
                for (int s = 0; s < rows.size(); s++) for (int k = 0; k < 5; k++) v[k][s] = rows.get(s)[k];
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s |%n", kind, model, inputs,
                        Reproduction.ms(v[0]), Reproduction.ms(v[1]), Reproduction.ms(v[2]), Reproduction.ms(v[3]), Reproduction.ms(v[4])));
                System.out.printf(Locale.ROOT, "%-12s %-6s (b) %s  %s%n", kind, model, Reproduction.ms(v[2]), Reproduction.ms(v[3]));
            }
        }
        md.append("\nPer-seed rows: `features.csv`. The end-to-end figures of the committed blendshape and landmark models, with the images ")
          .append("MediaPipe finds no face in counted as errors, are in [end-to-end/report.md](end-to-end/report.md).\n");
        b.write("features.md", md.toString());
        b.write("features.csv", csv.toString());
    }
}
