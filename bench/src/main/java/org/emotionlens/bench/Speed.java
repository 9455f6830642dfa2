package org.emotionlens.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Experiment;
import org.emotionlens.train.internal.ModelWriter;
import org.emotionlens.train.internal.OnnxModel;
import org.emotionlens.train.internal.Plots;
import org.emotionlens.train.internal.Trainer;

/**
 * Benchmark 3. First, training speed of lstm-paper on the real FER2013 training set (the dataset pipeline's
 * {@code train.csv}, validation on its {@code validation.csv}): seconds per epoch with the float engine and with the
 * per-sample double-precision reference path (the engine before the float engine), both in this run, and their
 * ratio. Then per-model training seconds per epoch on the reproduction split and inference latency per face through
 * ONNX Runtime and through the Java engine, batch 1 and batch 32.
 *
 * <p>Options: --epochs N (per model on the reproduction split, default 3); --train-set CSV (default
 * out/fer2013/train.csv) and --val-set CSV (default out/fer2013/validation.csv); --speed-epochs N (float engine on
 * the training set, default 4; the first is warm-up); --old-epochs N (reference path, default 2; 0 skips it);
 * --threads N (default 2).
 */
public final class Speed {
    private Speed() { }

    /** One timed lstm-paper run on the training set. */
    record TrainTiming(String engine, int rows, int valRows, int batch, int threads, int epochs, double firstEpoch, double perEpoch,
                       double cpuPerEpoch, double load) { }

    static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    static TrainTiming timeTraining(boolean reference, Dataset train, Dataset val, int epochs, int threads) {
        Experiment exp = Experiment.defaults("lstm-paper");
        Trainer.Config c = exp.config;
        c.epochs = epochs;
        c.patience = epochs;
        c.threads = threads;
        c.referenceEngine = reference;
        c.progress = System.err;
        c.progressTerminal = System.console() != null;
        String engine = reference ? "reference (per-sample double; the engine before)" : "float engine";
        System.err.printf(Locale.ROOT, "== lstm-paper on %d rows, %s, %d epochs%n", train.size(), engine, epochs);
        double cpu0 = processCpuSeconds();
        Experiment.Outcome o = exp.run(train, val);
        double cpu = processCpuSeconds() - cpu0;
        List<Trainer.Epoch> h = o.result.history;
        double later = 0, all = 0;
        for (int e = 0; e < h.size(); e++) {
            all += h.get(e).seconds();
            if (e > 0) later += h.get(e).seconds();
        }
        double perEpoch = h.size() > 1 ? later / (h.size() - 1) : all;
        // CPU time covers every epoch, the first included; scaled to the timed epochs' share of the wall time
        double cpuPerEpoch = cpu * (h.size() > 1 ? later / all : 1) / Math.max(1, h.size() - 1);
        return new TrainTiming(engine, train.size(), val.size(), c.batchSize, threads, h.size(), h.get(0).seconds(), perEpoch, cpuPerEpoch,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    public static void main(String[] args) throws Exception {
        Bench b = new Bench("Speed", args);
        int epochs = Bench.argInt(args, "--epochs", 3);
        int speedEpochs = Bench.argInt(args, "--speed-epochs", 4);
        int oldEpochs = Bench.argInt(args, "--old-epochs", 2);
        int threads = Bench.argInt(args, "--threads", 2);
        Path trainSet = Path.of(Bench.argString(args, "--train-set", "out/fer2013/train.csv"));
        Path valSet = Path.of(Bench.argString(args, "--val-set", "out/fer2013/validation.csv"));
        if (!Files.isRegularFile(trainSet) || !Files.isRegularFile(valSet))
            throw new IllegalStateException(trainSet + " / " + valSet + " not found: build them with bin/emotionlens dataset build "
                    + "--images ../shared/data/fer2013/fer2013-images.zip --landmarks --out out/fer2013, or give --train-set / --val-set");
        Dataset realTrain = CsvData.read(trainSet, 0, CsvData.OnBadRow.FAIL, System.err);
        Dataset realVal = CsvData.read(valSet, 0, CsvData.OnBadRow.FAIL, System.err);
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<TrainTiming> timings = new ArrayList<>();
        timings.add(timeTraining(false, realTrain, realVal, speedEpochs, threads));
        if (oldEpochs > 0) timings.add(timeTraining(true, realTrain, realVal, oldEpochs, threads));
        double fast = timings.get(0).perEpoch();

        Dataset train = b.train();
        Dataset test = b.test();
        Path tmp = Files.createTempDirectory("speed-models");
        StringBuilder md = new StringBuilder(b.mdHeader("Speed: training and inference"));
        md.append("## Training lstm-paper on the real FER2013 training set\n\n")
          .append(String.format(Locale.ROOT, "Training rows: `%s` (%d rows, sha256 %s), validation rows: `%s` (%d rows), both written by "
                  + "`bin/emotionlens dataset build --images ../shared/data/fer2013/fer2013-images.zip --landmarks --out out/fer2013`. ",
                  trainSet.getFileName(), realTrain.size(), realTrain.sources.get(0).sha256().substring(0, 12), valSet.getFileName(), realVal.size()))
          .append(String.format(Locale.ROOT, "lstm-paper at its training settings (batch %d, AdamW amsgrad, clipnorm 1), %d threads per mini-batch; "
                  + "an epoch is one pass over the training rows plus the validation pass. Seconds per epoch: mean over the epochs after the first "
                  + "(the first includes JIT warm-up). CPU s/epoch: process CPU seconds over the same epochs, both threads together (approximate: "
                  + "CPU time of the whole run, scaled by those epochs' share of its wall time); on 2 otherwise idle cores an epoch takes about half "
                  + "of it. Both engines ran in this one process; the reference path is the per-sample double-precision code "
                  + "that was the engine before the float engine, kept for the gradient checks. System load average %.1f at the start, %.1f at the end "
                  + "(2 cores; other jobs shared the machine, so absolute figures are pessimistic).%n%n",
                  timings.get(0).batch(), threads, load0, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
          .append("| engine | training rows | validation rows | batch | threads | epochs run | first epoch (s) | s/epoch after the first | CPU s/epoch | time vs float engine |\n")
          .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        StringBuilder tcsv = new StringBuilder(b.csvHeader()).append("engine,training_rows,validation_rows,batch,threads,epochs,first_epoch_seconds,seconds_per_epoch,cpu_seconds_per_epoch,ratio_to_float\n");
        System.out.printf(Locale.ROOT, "%-50s %7s %6s %5s %7s %7s %9s %9s %9s %7s%n", "engine", "rows", "val", "batch", "threads", "epochs", "first s", "s/epoch", "cpu s/ep", "ratio");
        for (TrainTiming t : timings) {
            double ratio = t.perEpoch() / fast;
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.1f | %.2f | %.2f | %.1fx |%n", t.engine(), t.rows(), t.valRows(), t.batch(),
                    t.threads(), t.epochs(), t.firstEpoch(), t.perEpoch(), t.cpuPerEpoch(), ratio));
            tcsv.append(String.format(Locale.ROOT, "\"%s\",%d,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f%n", t.engine(), t.rows(), t.valRows(), t.batch(), t.threads(),
                    t.epochs(), t.firstEpoch(), t.perEpoch(), t.cpuPerEpoch(), ratio));
            System.out.printf(Locale.ROOT, "%-50s %7d %6d %5d %7d %7d %9.1f %9.2f %9.2f %6.1fx%n", t.engine(), t.rows(), t.valRows(), t.batch(), t.threads(),
                    t.epochs(), t.firstEpoch(), t.perEpoch(), t.cpuPerEpoch(), ratio);
        }
        b.write("speed-training.csv", tcsv.toString());
        md.append("\n## Per model on the reproduction split, and inference\n\n");
        md.append(String.format(Locale.ROOT, "Training: %d epochs per model (ours: per member; it trains 5 members) on the reproduction split (1409 rows), 2 threads per mini-batch; ", epochs))
          .append("seconds per epoch are the mean over those epochs (JIT warm-up included). Inference: latency per face = wall time of a call / rows in the call, ")
          .append("median of repeated calls after warm-up, on real test rows. ONNX Runtime with default session options; ")
          .append("the Java figures are the training engine's float engine on one thread (batch 32: one batched call). The machine is shared by other jobs, so figures are noisy.\n\n")
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
            double[][] out32 = new double[32][];
            java32 = median(reps32, 32, r -> o.model.predict(slice(rows, r), 0, 32, out32));
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
