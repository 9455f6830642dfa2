package org.emotionlens.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.emotionlens.train.internal.Architectures;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Network;
import org.emotionlens.train.internal.OnnxExport;
import org.emotionlens.train.internal.OnnxModel;
import org.emotionlens.train.internal.OnnxWeights;

/**
 * Classifier latency per face at batch 1 through ONNX Runtime, as the classifier bundle runs it (one intra-op and
 * one inter-op thread): every committed model, lstm-paper also in the step-by-step unrolled layout (written from
 * the committed weights) and under other session options. Writes {@code docs/speed/classifier.md} and {@code .csv}.
 *
 * <p>Options: --calls N (timed calls per row of the table, default 3000, after N/5 warm-up calls);
 * -Demotionlens.models=DIR (default models); -Demotionlens.out=DIR (default docs/speed).
 */
public final class ClassifierSpeed {
    private ClassifierSpeed() { }

    record Row(String model, String layout, String options, long nodes, double p50, double p90, double cpu50) { }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("emotionlens.out") == null) System.setProperty("emotionlens.out", "docs/speed");
        Bench b = new Bench("ClassifierSpeed", args);
        int calls = Bench.argInt(args, "--calls", 3000);
        Path models = Path.of(System.getProperty("emotionlens.models", "models"));
        Dataset test = b.test();
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Row> rows = new ArrayList<>();
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
                if (rows.isEmpty()) time(id, layout, "JIT and CPU warm-up, not reported", onnx, sequence, inputs, calls, o -> { });
                rows.add(time(id, layout, "bundle: intra 1, inter 1", onnx, sequence, inputs, calls, o -> { }));
                if (id.equals("lstm-paper")) {
                    Network net = Architectures.lstmPaper(features.size());
                    OnnxWeights.load(net, OnnxWeights.read(onnx), onnx);
                    Path unrolled = tmp.resolve("lstm-paper-unrolled.onnx");
                    Files.write(unrolled, OnnxExport.export(net, id, OnnxExport.Layout.UNROLLED));
                    rows.add(time(id, "unrolled (the export before)", "bundle: intra 1, inter 1", unrolled, true, inputs, calls, o -> { }));
                    rows.add(time(id, layout, "+ graph optimisation basic", onnx, true, inputs, calls,
                            o -> call(() -> o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT))));
                    rows.add(time(id, layout, "+ graph optimisation none", onnx, true, inputs, calls,
                            o -> call(() -> o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT))));
                    rows.add(time(id, layout, "intra 2, spinning on", onnx, true, inputs, calls,
                            o -> call(() -> o.setIntraOpNumThreads(2))));
                    rows.add(time(id, layout, "intra 2, spinning off", onnx, true, inputs, calls, o -> call(() -> {
                        o.setIntraOpNumThreads(2);
                        o.addConfigEntry("session.intra_op.allow_spinning", "0");
                    })));
                    rows.add(time(id, layout, "+ parallel execution, inter 2", onnx, true, inputs, calls, o -> call(() -> {
                        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
                        o.setInterOpNumThreads(2);
                    })));
                }
            }
        } finally {
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(tmp);
        }
        double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder md = new StringBuilder(b.mdHeader("Speed: classifier latency per face at batch 1"));
        md.append(String.format(Locale.ROOT, "ONNX Runtime %s, CPU. One call = one face (batch 1): tensor creation, `run`, reading the probabilities. "
                + "%d timed calls per row after %d warm-up calls, cycling over the rows of the paper's `blends_test_full_set.csv` (landmarks-dense: "
                + "one fixed vector, speed only); wall and thread CPU time per call. *bundle* = the options of `emotion.classifier.onnx` (1 intra-op, "
                + "1 inter-op thread, ONNX Runtime's default graph optimisation, all). System load average %.2f at the start, %.2f at the end "
                + "(2 cores, shared).%n%n", OrtEnvironment.getEnvironment().getVersion(), calls, Math.max(5, calls / 5), load0, load1))
          .append("| model | graph | session options | graph nodes | wall us p50 | wall us p90 | CPU us p50 |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        StringBuilder csv = new StringBuilder(b.csvHeader()).append("model,graph,options,nodes,wall_us_p50,wall_us_p90,cpu_us_p50\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %.1f | %.1f |%n", r.model(), r.layout(), r.options(), r.nodes(), r.p50(), r.p90(), r.cpu50()));
            csv.append(String.format(Locale.ROOT, "%s,\"%s\",\"%s\",%d,%.2f,%.2f,%.2f%n", r.model(), r.layout(), r.options(), r.nodes(), r.p50(), r.p90(), r.cpu50()));
            System.out.printf(Locale.ROOT, "%-20s %-30s %-32s %5d nodes  p50 %8.1f us  p90 %8.1f us  cpu %8.1f us%n", r.model(), r.layout(), r.options(), r.nodes(), r.p50(), r.p90(), r.cpu50());
        }
        b.write("classifier.md", md.toString());
        b.write("classifier.csv", csv.toString());
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

    /** Nodes of the ONNX graph as stored (before ONNX Runtime fuses any). */
    static long nodes(Path onnx) throws Exception {
        return OnnxWeights.nodeCount(onnx);
    }

    static Row time(String id, String layout, String options, Path onnx, boolean sequence, float[][] inputs, int calls,
                    Consumer<OrtSession.SessionOptions> configure) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        var threads = ManagementFactory.getThreadMXBean();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            configure.accept(o);
            try (OrtSession s = env.createSession(onnx.toString(), o)) {
                String in = s.getInputNames().iterator().next();
                int f = inputs[0].length;
                long[] shape = sequence ? new long[] {1, f, 1} : new long[] {1, f};
                int warm = Math.max(5, calls / 5);
                double[] wall = new double[calls];
                double[] cpu = new double[calls];
                for (int k = 0; k < warm + calls; k++) {
                    float[] x = inputs[k % inputs.length];
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                         OrtSession.Result r = s.run(Map.of(in, t))) {
                        float[][] p = (float[][]) r.get(0).getValue();
                        if (p[0].length != 3) throw new IllegalStateException(onnx + " gave " + p[0].length + " outputs");
                    }
                    if (k >= warm) {
                        wall[k - warm] = (System.nanoTime() - t0) / 1e3;
                        cpu[k - warm] = (threads.getCurrentThreadCpuTime() - c0) / 1e3;
                    }
                }
                Arrays.sort(wall);
                Arrays.sort(cpu);
                return new Row(id, layout, options, nodes(onnx), wall[calls / 2], wall[calls * 9 / 10], cpu[calls / 2]);
            }
        }
    }
}
