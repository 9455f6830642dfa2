package org.emotionlens.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Experiment;
import org.emotionlens.train.internal.ModelWriter;
import org.emotionlens.train.internal.OnnxModel;
import org.emotionlens.train.internal.Plots;

/**
 * Benchmark 3: training seconds per epoch per model, and inference latency per face through ONNX Runtime and
 * through the Java forward pass, batch 1 and batch 32, all measured in this one run. Options: --epochs N (default 3).
 */
public final class Speed {
    private Speed() { }

    public static void main(String[] args) throws Exception {
        Bench b = new Bench("Speed", args);
        int epochs = Bench.argInt(args, "--epochs", 3);
        Dataset train = b.train();
        Dataset test = b.test();
        Path tmp = Files.createTempDirectory("speed-models");
        StringBuilder md = new StringBuilder(b.mdHeader("Speed: training and inference"));
        md.append(String.format(Locale.ROOT, "Training: %d epochs per model (ours: per member; it trains 5 members) on the reproduction split, 2 threads per mini-batch; ", epochs))
          .append("seconds per epoch are the mean over those epochs. Inference: latency per face = wall time of a call / rows in the call, ")
          .append("median of repeated calls after warm-up, on real test rows. ONNX Runtime with default session options; ")
          .append("the Java forward pass is the training engine's own (one thread, double precision). The machine is shared by other jobs, so figures are noisy.\n\n")
          .append("| model | params | train s/epoch | ORT batch 1 (us/face) | ORT batch 32 (us/face) | Java batch 1 (us/face) | Java batch 32 (us/face) | Java/ORT batch 1 | Java/ORT batch 32 |\n")
          .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        StringBuilder csv = new StringBuilder(b.csvHeader()).append("model,parameters,train_seconds_per_epoch,ort_b1_us,ort_b32_us,java_b1_us,java_b32_us,ratio_b1,ratio_b32\n");
        List<String> groups = new ArrayList<>();
        List<double[]> vals = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-10s %8s %10s %10s %10s %10s %10s %8s %8s%n", "model", "params", "s/epoch", "ORT b1", "ORT b32", "Java b1", "Java b32", "J/O b1", "J/O b32");
        for (String id : List.of("lstm-paper", "dense", "ours")) {
            Experiment exp = Experiment.defaults(id);
            exp.config.epochs = epochs;
            exp.config.patience = epochs;
            Experiment.Outcome o = exp.run(train, null);
            double spe = o.result.secondsPerEpoch;
            Path json = ModelWriter.write(tmp, id, exp, o, train, null, b.command, null);
            double[][] rows = test.select(o.features).x;
            int reps1 = id.equals("lstm-paper") ? 300 : 2000;
            int reps32 = id.equals("lstm-paper") ? 40 : 300;
            double ort1, ort32, java1, java32;
            try (OnnxModel m = OnnxModel.open(json)) {
                ort1 = median(reps1, 1, r -> m.predict(new double[][] {rows[r % rows.length]}, 1));
                ort32 = median(reps32, 32, r -> m.predict(slice(rows, r), 32));
            }
            java1 = median(reps1, 1, r -> o.model.predict(rows[r % rows.length]));
            java32 = median(reps32, 32, r -> { for (double[] x : slice(rows, r)) o.model.predict(x); });
            csv.append(String.format(Locale.ROOT, "%s,%d,%.4f,%.2f,%.2f,%.2f,%.2f,%.3f,%.3f%n", id, o.model.parameterCount(), spe, ort1, ort32, java1, java32, java1 / ort1, java32 / ort32));
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |%n", id, o.model.parameterCount(), spe, ort1, ort32, java1, java32, java1 / ort1, java32 / ort32));
            System.out.printf(Locale.ROOT, "%-10s %8d %10.3f %10.1f %10.1f %10.1f %10.1f %8.2f %8.2f%n", id, o.model.parameterCount(), spe, ort1, ort32, java1, java32, java1 / ort1, java32 / ort32);
            groups.add(id);
            vals.add(new double[] {ort1, ort32, java1, java32});
        }
        md.append("\n![speed](speed.png)\n");
        b.write("speed.md", md.toString());
        b.write("speed.csv", csv.toString());
        double max = 0;
        for (double[] v : vals) for (double x : v) max = Math.max(max, x);
        Plots.bars(b.out.resolve("speed.png"), "Inference latency per face (microseconds, lower is better)", groups,
                List.of("ORT batch 1", "ORT batch 32", "Java batch 1", "Java batch 32"), vals.toArray(new double[0][]), null, 0, max * 1.1, null, null);
    }

    interface Call { void run(int r) throws Exception; }

    static double[][] slice(double[][] rows, int r) {
        double[][] s = new double[32][];
        for (int k = 0; k < 32; k++) s[k] = rows[(r * 32 + k) % rows.length];
        return s;
    }

    /** Median microseconds per face over reps calls of batch rows each, after reps/5 warm-up calls. */
    static double median(int reps, int batch, Call call) throws Exception {
        for (int r = 0; r < Math.max(5, reps / 5); r++) call.run(r);
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long a = System.nanoTime();
            call.run(r);
            t[r] = (System.nanoTime() - a) / 1e3 / batch;
        }
        java.util.Arrays.sort(t);
        return t[reps / 2];
    }
}
