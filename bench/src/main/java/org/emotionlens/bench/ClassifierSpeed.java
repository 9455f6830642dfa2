package org.emotionlens.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Prediction;
import org.emotionlens.classifier.onnx.internal.OnnxEmotionClassifier;
import org.emotionlens.train.internal.Architectures;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Network;
import org.emotionlens.train.internal.OnnxExport;
import org.emotionlens.train.internal.OnnxModel;
import org.emotionlens.train.internal.OnnxWeights;

/**
 * Classifier latency per face at batch 1: every committed model through the classifier bundle's own class
 * ({@code OnnxEmotionClassifier.classify}, ONNX Runtime with the bundle's options), lstm-paper and
 * lstm-paper-selected also on the bundle's Java engine (engine=java), and lstm-paper's bare ONNX Runtime session
 * under other session options and in the step-by-step unrolled layout (written from the committed weights). All
 * variants are timed in turn within each round, over several rounds, so that old and new meet the same load; each
 * row's ratio is taken within a round against the bundle's ONNX Runtime row of the same model. Also the largest
 * difference of the Java engine's probabilities from ONNX Runtime's over every row of the paper's test file. Writes
 * {@code docs/speed/classifier.md} and {@code .csv}.
 *
 * <p>Options: --calls N (timed calls per variant and round, default 3000, after N/5 warm-up calls); --rounds N
 * (default 3); -Demotionlens.models=DIR (default models); -Demotionlens.out=DIR (default docs/speed).
 */
public final class ClassifierSpeed {
    private ClassifierSpeed() { }

    /** The lstm-paper goal of issue 14, per face at batch 1. */
    static final double GOAL_US = 300;

    interface Call { void run(float[] x) throws Exception; }

    /** One thing to time: a row of the table. */
    record Variant(String model, String layout, String engine, long nodes, float[][] inputs, Call call, AutoCloseable close) { }

    record Timing(double p50, double p90, double cpu50) { }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("emotionlens.out") == null) System.setProperty("emotionlens.out", "docs/speed");
        Bench b = new Bench("ClassifierSpeed", args);
        int calls = Bench.argInt(args, "--calls", 3000);
        int rounds = Bench.argInt(args, "--rounds", 3);
        Path models = Path.of(System.getProperty("emotionlens.models", "models"));
        Dataset test = b.test();
        Dataset everyRow = everyRow(b);
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Variant> variants = new ArrayList<>();
        List<String> agreement = new ArrayList<>();
        Path tmp = Files.createTempDirectory("classifier-speed");
        try {
            for (String id : List.of("lstm-paper", "lstm-paper-selected", "dense", "ours", "landmarks-dense")) {
                Path json = models.resolve(id + ".model.json");
                List<String> features;
                boolean sequence;
                Path onnx;
                try (OnnxModel m = OnnxModel.open(json)) {
                    features = m.features;
                    sequence = m.sequence;
                    onnx = m.metadata.onnxFile(json);
                }
                // real rows of the paper's test file for blendshape models; landmark models get a fixed vector (speed only)
                float[][] inputs = inputs(test, features);
                String layout = sequence ? "wavefront (committed)" : "flat (committed)";
                long nodes = OnnxWeights.nodeCount(onnx);
                variants.add(classifier(id, layout, "bundle: ONNX Runtime (intra 1, inter 1)", nodes, inputs, json, "onnxruntime", features));
                if (sequence) {
                    variants.add(classifier(id, layout, "bundle: Java engine (engine=java)", nodes, inputs, json, "java", features));
                    agreement.add(agreement(id, json, features, inputs(everyRow, features)));
                }
                if (id.equals("lstm-paper")) {
                    variants.add(session(id, layout, "session as the bundle's", onnx, inputs, false, o -> { }));
                    variants.add(session(id, layout, "+ spinning off", onnx, inputs, false,
                            o -> call(() -> o.addConfigEntry("session.intra_op.allow_spinning", "0"))));
                    variants.add(session(id, layout, "+ sequential, optimisation all, spinning off", onnx, inputs, false, o -> call(() -> {
                        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                        o.addConfigEntry("session.intra_op.allow_spinning", "0");
                    })));
                    variants.add(session(id, layout, "+ memory pattern off", onnx, inputs, false,
                            o -> call(() -> o.setMemoryPatternOptimization(false))));
                    variants.add(session(id, layout, "+ one input tensor reused, output pinned", onnx, inputs, true, o -> { }));
                    variants.add(session(id, layout, "+ graph optimisation basic", onnx, inputs, false,
                            o -> call(() -> o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT))));
                    variants.add(session(id, layout, "intra 2, spinning on", onnx, inputs, false,
                            o -> call(() -> o.setIntraOpNumThreads(2))));
                    Network net = Architectures.lstmPaper(features.size());
                    OnnxWeights.load(net, OnnxWeights.read(onnx), onnx);
                    Path unrolled = tmp.resolve("lstm-paper-unrolled.onnx");
                    Files.write(unrolled, OnnxExport.export(net, id, OnnxExport.Layout.UNROLLED));
                    variants.add(session(id, "unrolled (the export before)", "session as the bundle's", unrolled,
                            inputs, false, o -> { }));
                }
            }
            Map<Variant, List<Timing>> timings = new java.util.LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                if (round == 0) time(variants.get(0), calls); // JIT and CPU warm-up, not reported
                for (Variant v : variants) timings.computeIfAbsent(v, k -> new ArrayList<>()).add(time(v, calls));
                System.out.println("round " + (round + 1) + " of " + rounds + " done");
            }
            double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            write(b, variants, timings, agreement, calls, rounds, load0, load1);
        } finally {
            for (Variant v : variants) v.close().close();
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(tmp);
        }
    }

    private static void write(Bench b, List<Variant> variants, Map<Variant, List<Timing>> timings, List<String> agreement,
                              int calls, int rounds, double load0, double load1) {
        StringBuilder md = new StringBuilder(b.mdHeader("Speed: classifier latency per face at batch 1"));
        md.append(String.format(Locale.ROOT, "ONNX Runtime %s, CPU. One call = one face (batch 1). *bundle* rows call "
                + "`OnnxEmotionClassifier.classify` as a pipeline does (feature mapping, the engine, the prediction): ONNX "
                + "Runtime with the bundle's options (1 intra-op, 1 inter-op thread, graph optimisation all), or the bundle's "
                + "Java float engine (`engine: java`); *session* rows call a bare ONNX Runtime session (tensor creation, `run`, "
                + "reading the probabilities). %d timed calls per variant after %d warm-up calls, cycling over the rows of the "
                + "paper's `blends_test_full_set.csv` (landmarks-dense: one fixed vector, speed only); wall and thread CPU time "
                + "per call. %d rounds, every variant timed in turn in each round; p50 is given as min / median over the rounds, "
                + "p90 and CPU as the median; *vs bundle ONNX Runtime* = this row's p50 / the bundle ONNX Runtime row's p50 of "
                + "the same model in the same round (min / median). System load average %.2f at the start, %.2f at the end "
                + "(2 cores, shared).%n%n", OrtEnvironment.getEnvironment().getVersion(), calls, Math.max(5, calls / 5), rounds,
                load0, load1));
        Variant paperOrt = find(variants, "lstm-paper", "bundle: ONNX Runtime");
        Variant paperJava = find(variants, "lstm-paper", "bundle: Java engine");
        double javaP50 = median(p50s(timings.get(paperJava)));
        double[] ratio = ratios(timings.get(paperJava), timings.get(paperOrt));
        md.append(String.format(Locale.ROOT, "**lstm-paper on the Java engine: %.1f us per face at batch 1 (p50, median of %d rounds), "
                + "%.2f / %.2f of ONNX Runtime's time in the same rounds (min / median); goal <= %.0f us: %s.**%n%n", javaP50, rounds,
                min(ratio), median(ratio), GOAL_US, javaP50 <= GOAL_US ? "met" : "not met"));
        md.append("Same outputs: ").append(String.join("; ", agreement)).append(".\n\n");
        md.append("| model | graph | engine / session options | graph nodes | wall us p50 (min / median) | wall us p90 | CPU us p50 | vs bundle ONNX Runtime (min / median) |\n")
          .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        StringBuilder csv = new StringBuilder(b.csvHeader())
                .append("model,graph,engine,nodes,wall_us_p50_min,wall_us_p50_median,wall_us_p90_median,cpu_us_p50_median,ratio_min,ratio_median\n");
        for (Variant v : variants) {
            List<Timing> t = timings.get(v);
            double[] p50 = p50s(t);
            double[] r = ratios(t, timings.get(find(variants, v.model(), "bundle: ONNX Runtime")));
            double p90 = median(t.stream().mapToDouble(Timing::p90).toArray());
            double cpu = median(t.stream().mapToDouble(Timing::cpu50).toArray());
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f / %.1f | %.1f | %.1f | %.2f / %.2f |%n", v.model(), v.layout(),
                    v.engine(), v.nodes(), min(p50), median(p50), p90, cpu, min(r), median(r)));
            csv.append(String.format(Locale.ROOT, "%s,\"%s\",\"%s\",%d,%.2f,%.2f,%.2f,%.2f,%.3f,%.3f%n", v.model(), v.layout(), v.engine(),
                    v.nodes(), min(p50), median(p50), p90, cpu, min(r), median(r)));
            System.out.printf(Locale.ROOT, "%-20s %-30s %-46s p50 %8.1f / %8.1f us  ratio %.2f / %.2f%n", v.model(), v.layout(), v.engine(),
                    min(p50), median(p50), min(r), median(r));
        }
        b.write("classifier.md", md.toString());
        b.write("classifier.csv", csv.toString());
    }

    /** Every row of the test file (the paper's evaluation skips the first). */
    private static Dataset everyRow(Bench b) {
        return CsvData.read(b.data.resolve("blends_test_full_set.csv"), 0, CsvData.OnBadRow.FAIL, System.err);
    }

    /** Largest difference of the Java engine's probabilities from ONNX Runtime's over the given rows. */
    private static String agreement(String id, Path json, List<String> features, float[][] rows) {
        OnnxEmotionClassifier ort = new OnnxEmotionClassifier(json, "cpu", 1, "onnxruntime");
        OnnxEmotionClassifier java = new OnnxEmotionClassifier(json, "cpu", 1, "java");
        try {
            double worst = 0;
            for (float[] row : rows) {
                float[] a = ort.classify(List.of(new FeatureVector("blendshapes", features, row))).get(0).probabilities();
                float[] j = java.classify(List.of(new FeatureVector("blendshapes", features, row))).get(0).probabilities();
                for (int k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - j[k]));
            }
            return String.format(Locale.ROOT, "%s, Java engine vs ONNX Runtime, largest difference of a probability over all %d rows of "
                    + "the test file %.1e (goal <= 1e-5)", id, rows.length, worst);
        } finally {
            ort.deactivate();
            java.deactivate();
        }
    }

    private static Variant classifier(String id, String layout, String engine, long nodes, float[][] inputs, Path json, String which,
                                      List<String> features) {
        OnnxEmotionClassifier c = new OnnxEmotionClassifier(json, "cpu", 1, which);
        String kind = c.model().featureKind();
        return new Variant(id, layout, engine, nodes, inputs, x -> {
            Prediction p = c.classify(List.of(new FeatureVector(kind, features, x))).get(0);
            if (p.probabilities().length != 3) throw new IllegalStateException(id + " gave " + p.probabilities().length + " outputs");
        }, c::deactivate);
    }

    /** A bare session; {@code reuse}: one direct input buffer and a pinned output instead of new tensors per call. */
    private static Variant session(String id, String layout, String options, Path onnx, float[][] inputs, boolean reuse,
                                   Consumer<OrtSession.SessionOptions> configure) throws Exception {
        int f = inputs[0].length;
        long nodes = OnnxWeights.nodeCount(onnx);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        o.setInterOpNumThreads(1);
        configure.accept(o);
        OrtSession s = env.createSession(onnx.toString(), o);
        String in = s.getInputNames().iterator().next();
        long[] shape = {1, f, 1};
        AutoCloseable close = () -> {
            s.close();
            o.close();
        };
        if (!reuse) {
            return new Variant(id, layout, "session: " + options, nodes, inputs, x -> {
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                     OrtSession.Result r = s.run(Map.of(in, t))) {
                    float[][] p = (float[][]) r.get(0).getValue();
                    if (p[0].length != 3) throw new IllegalStateException(onnx + " gave " + p[0].length + " outputs");
                }
            }, close);
        }
        FloatBuffer input = ByteBuffer.allocateDirect(4 * f).order(ByteOrder.nativeOrder()).asFloatBuffer();
        FloatBuffer output = ByteBuffer.allocateDirect(4 * 3).order(ByteOrder.nativeOrder()).asFloatBuffer();
        OnnxTensor inputTensor = OnnxTensor.createTensor(env, input, shape);
        OnnxTensor outputTensor = OnnxTensor.createTensor(env, output, new long[] {1, 3});
        Map<String, OnnxTensor> feed = Map.of(in, inputTensor);
        Map<String, OnnxValue> pinned = Map.of(s.getOutputNames().iterator().next(), outputTensor);
        return new Variant(id, layout, "session: " + options, nodes, inputs, x -> {
            input.clear();
            input.put(x);
            try (OrtSession.Result r = s.run(feed, pinned)) {
                if (output.get(0) + output.get(1) + output.get(2) < 0.99f) throw new IllegalStateException(onnx + ": no probabilities");
            }
        }, () -> {
            inputTensor.close();
            outputTensor.close();
            close.close();
        });
    }

    interface OrtCall { void run() throws Exception; }

    static void call(OrtCall c) {
        try {
            c.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static float[][] inputs(Dataset test, List<String> features) {
        if (test.featureNames.containsAll(features)) {
            double[][] x = test.select(features).x;
            float[][] out = new float[x.length][features.size()];
            for (int r = 0; r < x.length; r++) for (int k = 0; k < features.size(); k++) out[r][k] = (float) x[r][k];
            return out;
        }
        float[] v = new float[features.size()];
        for (int k = 0; k < v.length; k++) v[k] = (float) Math.sin(k) * 0.1f;
        return new float[][] {v};
    }

    static Timing time(Variant v, int calls) throws Exception {
        float[][] inputs = v.inputs();
        var threads = ManagementFactory.getThreadMXBean();
        int warm = Math.max(5, calls / 5);
        double[] wall = new double[calls];
        double[] cpu = new double[calls];
        for (int k = 0; k < warm + calls; k++) {
            float[] x = inputs[k % inputs.length];
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            v.call().run(x);
            if (k >= warm) {
                wall[k - warm] = (System.nanoTime() - t0) / 1e3;
                cpu[k - warm] = (threads.getCurrentThreadCpuTime() - c0) / 1e3;
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Timing(wall[calls / 2], wall[calls * 9 / 10], cpu[calls / 2]);
    }

    private static Variant find(List<Variant> variants, String model, String enginePrefix) {
        return variants.stream().filter(v -> v.model().equals(model) && v.engine().startsWith(enginePrefix)).findFirst().orElseThrow();
    }

    private static double[] p50s(List<Timing> t) {
        return t.stream().mapToDouble(Timing::p50).toArray();
    }

    /** Per round: this variant's p50 over the reference's p50 of the same round. */
    private static double[] ratios(List<Timing> t, List<Timing> reference) {
        double[] r = new double[t.size()];
        for (int k = 0; k < r.length; k++) r[k] = t.get(k).p50() / reference.get(k).p50();
        return r;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
