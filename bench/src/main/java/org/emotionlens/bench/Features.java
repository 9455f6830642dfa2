package org.emotionlens.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Experiment;
import org.emotionlens.train.internal.Metrics;
import org.emotionlens.train.internal.ModelWriter;
import org.emotionlens.train.internal.Plots;
import org.emotionlens.train.internal.Report;

/**
 * Benchmark 4: which face features carry the emotion, under docs/classifiers/protocol.md — the same dense network
 * on the 52 blendshapes, on the 1434 landmark coordinates, and on both side by side, trained on
 * out/fer2013 with early stopping on validation, tested once on our PrivateTest rows (test (b); the paper's test
 * rows have no landmarks). The side-by-side model of the seed with the best validation accuracy + macro-F1 (the
 * rule of Reproduction) is exported as models/blendshapes-landmarks-dense, which the runtime feeds through
 * emotion.features.concat (profile fer2013-test-both). Options: --seeds N (default 3), --no-export.
 */
public final class Features {
    /** The id of the exported side-by-side model. */
    static final String EXPORTED = "blendshapes-landmarks-dense";

    private Features() { }

    /** Writes the chosen seed's model (test (b) in its metadata, as for landmarks-dense), its report and curves. */
    private static void exportChosen(Bench b, Path modelsDir, Experiment exp, Experiment.Outcome o, Metrics test,
                                     Dataset train, Dataset testData) {
        Map<String, Object> privateTest = test.toMap();
        privateTest.put("file", String.join("+", Fer2013Data.fileNames(testData)));
        privateTest.put("sha256", String.join("+", testData.sources.stream().map(Dataset.Source::sha256).toList()));
        Path json = ModelWriter.write(modelsDir, EXPORTED, exp, o, train, test, b.command, Map.of(),
                Map.of("testPrivateTest", privateTest));
        System.out.println("exported " + json + " (seed " + exp.config.seed + ", chosen on validation)");
        String title = EXPORTED + " (seed " + exp.config.seed + ", committed)";
        Report.write(b.out, EXPORTED + "-privatetest", title + " on our PrivateTest rows", test, b.command);
        Plots.trainingCurves(b.out.resolve(EXPORTED + "-curves.png"), b.out.resolve(EXPORTED + "-curves.csv"),
                EXPORTED + " training (seed " + exp.config.seed + ")", o.result.history);
    }

    public static void main(String[] args) {
        Bench b = new Bench("Features", args);
        int seeds = Bench.argInt(args, "--seeds", 3);
        boolean export = !Bench.flag(args, "--no-export");
        Path modelsDir = Path.of(System.getProperty("emotionlens.models", "models"));
        Fer2013Data data = new Fer2013Data(b);
        StringBuilder md = new StringBuilder(b.mdHeader("Face features: blendshapes, landmarks, both"));
        md.append("Protocol: [protocol.md](protocol.md). Training `out/fer2013/train.csv` and `train-landmarks.csv` (the same rows), ")
          .append("early stopping on validation, then test (b), our PrivateTest rows, once. ")
          .append(String.format(Locale.ROOT, "Mean ± sd over seeds 1..%d. The fused (side by side) seed with the best validation accuracy + macro-F1 is committed as "
                  + "`models/%s.onnx`; the runtime joins the two kinds with emotion.features.concat (profile `fer2013-test-both`).%n%n", seeds, EXPORTED))
          .append("| features | model | inputs | validation accuracy | validation macro-F1 | (b) accuracy | (b) macro-F1 | (b) CCE |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        StringBuilder csv = new StringBuilder(b.csvHeader()).append("features,model,inputs,seed,val_accuracy,val_macro_f1,b_accuracy,b_macro_f1,b_cce\n");
        Map<String, Dataset[]> cache = new LinkedHashMap<>();
        for (String kind : List.of("blendshapes", "landmarks", "fused")) {
            Dataset[] d = cache.computeIfAbsent(kind, k -> new Dataset[] {data.split("train", k), data.split("validation", k), data.split("test", k)});
            for (String model : List.of("dense")) { // ours (5 members) on 1486 inputs costs too much CPU here
                List<double[]> rows = new ArrayList<>();
                Experiment bestExp = null;
                Experiment.Outcome best = null;
                Metrics bestTest = null;
                int inputs = d[0].featureNames.size();
                for (long seed = 1; seed <= seeds; seed++) {
                    Experiment exp = Experiment.defaults(model);
                    exp.config.seed = seed;
                    System.err.printf(Locale.ROOT, "== %s %s seed %d%n", kind, model, seed);
                    Experiment.Outcome o = exp.run(d[0], d[1]);
                    Metrics t = Reproduction.metrics(o.model, d[2].select(o.features));
                    rows.add(new double[] {o.validation.accuracy, o.validation.macroF1, t.accuracy, t.macroF1, t.cce});
                    if (best == null || o.validation.accuracy + o.validation.macroF1 > best.validation.accuracy + best.validation.macroF1) {
                        bestExp = exp;
                        best = o;
                        bestTest = t;
                    }
                    csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f%n", kind, model, inputs, seed,
                            o.validation.accuracy, o.validation.macroF1, t.accuracy, t.macroF1, t.cce));
                }
                double[][] v = new double[5][rows.size()];
                for (int s = 0; s < rows.size(); s++) for (int k = 0; k < 5; k++) v[k][s] = rows.get(s)[k];
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s |%n", kind, model, inputs,
                        Reproduction.ms(v[0]), Reproduction.ms(v[1]), Reproduction.ms(v[2]), Reproduction.ms(v[3]), Reproduction.ms(v[4])));
                System.out.printf(Locale.ROOT, "%-12s %-6s (b) %s  %s%n", kind, model, Reproduction.ms(v[2]), Reproduction.ms(v[3]));
                if (export && kind.equals("fused")) {
                    exportChosen(b, modelsDir, bestExp, best, bestTest, d[0], d[2]);
                }
            }
        }
        md.append("\nPer-seed rows: `features.csv`. The end-to-end figures of the committed blendshape and landmark models, with the images ")
          .append("MediaPipe finds no face in counted as errors, are in [end-to-end/report.md](end-to-end/report.md).\n");
        if (export) {
            md.append("The committed model on test (b): [").append(EXPORTED).append("-privatetest.md](").append(EXPORTED)
              .append("-privatetest.md); its training curves: `").append(EXPORTED).append("-curves.png`.\n");
        }
        b.write("features.md", md.toString());
        b.write("features.csv", csv.toString());
    }
}
