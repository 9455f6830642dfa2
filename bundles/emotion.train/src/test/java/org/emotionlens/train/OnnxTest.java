package org.emotionlens.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.emotionlens.train.internal.Architectures;
import org.emotionlens.train.internal.Classifier;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.DataException;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Ensemble;
import org.emotionlens.train.internal.Experiment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import org.emotionlens.models.metadata.ModelMetadata;
import org.emotionlens.train.internal.Metrics;
import org.emotionlens.train.internal.ModelWriter;
import org.emotionlens.train.internal.Network;
import org.emotionlens.train.internal.OnnxExport;
import org.emotionlens.train.internal.OnnxModel;
import org.emotionlens.train.internal.OnnxWeights;
import org.emotionlens.train.internal.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxTest {
    static Dataset val;
    static Dataset test;

    @TempDir
    static Path dir;

    @BeforeAll
    static void load() {
        val = CsvData.read(TestData.val(), 0, CsvData.OnBadRow.FAIL, null);
        test = CsvData.read(TestData.test(), 1, CsvData.OnBadRow.FAIL, null);
    }

    /** Trains briefly (so weights are not just the init), exports, and compares ORT with the Java forward pass. */
    static Path exportAndCompare(String id, String features, int epochs) throws Exception {
        Experiment exp = Experiment.defaults(id);
        exp.features = features;
        exp.config.epochs = epochs;
        exp.config.patience = epochs;
        exp.folds = 2;
        Dataset small = val.rows(java.util.stream.IntStream.range(0, 400).toArray());
        Experiment.Outcome o = exp.run(small, null);
        Dataset ts = test.select(o.features);
        Metrics tm = new Metrics(Trainer.predictAll(o.model, ts.x, 2), ts.y);
        Path json = ModelWriter.write(dir, id + "-" + features, exp, o, small, tm, "test", null);
        double[][] rows = java.util.Arrays.copyOf(ts.x, 200);
        try (OnnxModel m = OnnxModel.open(json)) {
            assertThat(m.features).isEqualTo(o.features);
            double[][] ort1 = m.predict(rows, 1);
            double[][] ort32 = m.predict(rows, 32);
            double worst = 0;
            for (int r = 0; r < rows.length; r++) {
                double[] java = o.model.predict(rows[r]);
                for (int k = 0; k < 3; k++) {
                    worst = Math.max(worst, Math.abs(java[k] - ort1[r][k]));
                    worst = Math.max(worst, Math.abs(java[k] - ort32[r][k]));
                }
            }
            System.out.printf("%s (%s): max |Java - ONNX Runtime| = %.3g over %d rows%n", id, features, worst, rows.length);
            assertThat(worst).isLessThanOrEqualTo(1e-5);
        }
        return json;
    }

    @Test
    void lstmPaperExportMatchesOnnxRuntime() throws Exception {
        Path json = exportAndCompare("lstm-paper", "all", 1);
        ModelMetadata meta = OnnxModel.readMetadata(json);
        assertThat(meta.details().getJsonNumber("parameters").longValueExact()).isEqualTo(44631);
        assertThat(meta.labels()).isEqualTo(List.of("happy", "unknown", "sad"));
        assertThat(meta.layout()).isEqualTo("sequence");
        assertThat(meta.onnxSha256()).isEqualTo(CsvData.sha256(dir.resolve("lstm-paper-all.onnx")));
    }

    /** Largest |a - b| over every probability of every row. */
    static double maxDiff(double[][] a, double[][] b) {
        double worst = 0;
        for (int r = 0; r < a.length; r++) for (int k = 0; k < a[r].length; k++) worst = Math.max(worst, Math.abs(a[r][k] - b[r][k]));
        return worst;
    }

    /** A copy of a model's metadata pointing at another ONNX file (checksum dropped), in the temp folder. */
    static Path withOnnx(Path json, Path onnx, String name) throws Exception {
        String text = Files.readString(json).replaceAll("\"onnx\"\\s*:\\s*\"[^\"]*\"", "\"onnx\": \"" + onnx.getFileName() + "\"")
                .replaceAll("\"onnxSha256\"\\s*:\\s*\"[^\"]*\",", "");
        Path out = onnx.resolveSibling(name + ".model.json");
        Files.writeString(out, text);
        return out;
    }

    @Test
    void wavefrontExportGivesTheUnrolledReferenceOutputs() throws Exception {
        Path json = exportAndCompare("lstm-paper", "all", 1); // written in the default (wavefront) layout
        Network net = Architectures.lstmPaper(52);
        Path onnx = json.resolveSibling("lstm-paper-all.onnx");
        OnnxWeights.load(net, OnnxWeights.read(onnx), onnx);
        Path unrolled = dir.resolve("trained-unrolled.onnx");
        Files.write(unrolled, OnnxExport.export(net, "lstm-paper", OnnxExport.Layout.UNROLLED));
        assertThat(Files.size(onnx)).isNotEqualTo(Files.size(unrolled));
        double[][] rows = test.x;
        try (OnnxModel wave = OnnxModel.open(json); OnnxModel ref = OnnxModel.open(withOnnx(json, unrolled, "trained-unrolled"))) {
            double worst = Math.max(maxDiff(wave.predict(rows, 1), ref.predict(rows, 1)), maxDiff(wave.predict(rows, 32), ref.predict(rows, 32)));
            System.out.printf("trained lstm-paper: max |wavefront - unrolled| = %.3g over %d rows%n", worst, rows.length);
            assertThat(worst).isLessThanOrEqualTo(1e-5);
        }
    }

    /** The committed LSTM models, in the wavefront layout, against the unrolled graph and the Java engine with their own weights. */
    @Test
    void committedLstmModelsGiveTheReferenceOutputs() throws Exception {
        for (String id : List.of("lstm-paper", "lstm-paper-selected")) {
            Path json = Path.of("../../models").resolve(id + ".model.json");
            try (OnnxModel committed = OnnxModel.open(json)) {
                Path onnx = committed.metadata.onnxFile(json);
                Network net = Architectures.lstmPaper(committed.features.size());
                OnnxWeights.load(net, OnnxWeights.read(onnx), onnx);
                Path unrolled = dir.resolve(id + "-unrolled.onnx");
                Files.write(unrolled, OnnxExport.export(net, id, OnnxExport.Layout.UNROLLED));
                double[][] rows = test.select(committed.features).x;
                double[][] got = committed.predict(rows, 1);
                double[][] java = new double[rows.length][];
                for (int r = 0; r < rows.length; r++) java[r] = net.predict(rows[r]);
                try (OnnxModel ref = OnnxModel.open(withOnnx(json, unrolled, id + "-unrolled"))) {
                    double vsUnrolled = maxDiff(got, ref.predict(rows, 1));
                    double vsJava = maxDiff(got, java);
                    System.out.printf("%s: max |committed - unrolled| = %.3g, |committed - Java| = %.3g over %d rows%n", id, vsUnrolled, vsJava, rows.length);
                    assertThat(vsUnrolled).isLessThanOrEqualTo(1e-5);
                    assertThat(vsJava).isLessThanOrEqualTo(1e-5);
                }
            }
        }
    }

    @Test
    void denseAndOursExportsMatchOnnxRuntime() throws Exception {
        exportAndCompare("dense", "selected", 5);
        Path ours = exportAndCompare("ours", "all", 5);
        assertThat(OnnxModel.readMetadata(ours).layout()).isEqualTo("flat");
    }

    @Test
    void classRescaledEnsembleMatchesOnnxRuntime() throws Exception {
        Network a = (Network) Architectures.build("dense", val.x, 1);
        Network b = (Network) Architectures.build("dense", val.x, 2);
        Ensemble e = new Ensemble(List.of(a, b));
        e.setClassScale(new double[] {1.7, 1, 2.3});
        Path onnx = dir.resolve("ens.onnx");
        Files.write(onnx, org.emotionlens.train.internal.OnnxExport.export(e, "ens"));
        Path json = dir.resolve("ens.model.json");
        Files.writeString(json, minimalMetadata("ens", val.featureNames).build().toString());
        try (OnnxModel m = OnnxModel.open(json)) {
            double[][] p = m.predict(java.util.Arrays.copyOf(test.x, 50), 16);
            for (int r = 0; r < 50; r++) {
                double[] j = e.predict(test.x[r]);
                for (int k = 0; k < 3; k++) assertThat(Math.abs(j[k] - p[r][k])).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    /** The members every model's metadata needs (no checksum, no shapes), as a reader sees them. */
    static JsonObjectBuilder minimalMetadata(String id, List<String> features) {
        return Json.createObjectBuilder().add("format", "emotionlens.model/1").add("id", id).add("onnx", id + ".onnx")
                .add("input", Json.createObjectBuilder().add("name", "features").add("layout", "flat"))
                .add("output", Json.createObjectBuilder().add("name", "probabilities")).add("featureKind", "blendshapes")
                .add("features", Json.createArrayBuilder(features)).add("labels", Json.createArrayBuilder(List.of("happy", "unknown", "sad")));
    }

    /** Writes a copy of a valid model whose metadata was changed by edit, and returns the message of the refusal. */
    static String refusal(Path valid, java.util.function.Consumer<JsonObjectBuilder> edit) throws Exception {
        JsonObject meta;
        try (JsonReader r = Json.createReader(Files.newBufferedReader(valid))) {
            meta = r.readObject();
        }
        Path copyDir = Files.createTempDirectory(dir, "bad");
        Files.copy(valid.resolveSibling(meta.getString("onnx")), copyDir.resolve(meta.getString("onnx")));
        JsonObjectBuilder edited = Json.createObjectBuilder(meta);
        edit.accept(edited);
        Path json = copyDir.resolve("bad.model.json");
        Files.writeString(json, edited.build().toString());
        try {
            OnnxModel.open(json).close();
        } catch (DataException e) {
            System.out.println("refused as expected: " + e.getMessage());
            return e.getMessage();
        }
        throw new AssertionError("model with edited metadata was accepted");
    }

    @Test
    void mismatchedMetadataIsRefusedWithAClearMessage() throws Exception {
        Path valid = exportAndCompare("dense", "all", 2);
        try (OnnxModel ok = OnnxModel.open(valid)) {
            assertThat(ok.features).hasSize(52);
        }
        assertThat(refusal(valid, m -> m.add("features", Json.createArrayBuilder(val.featureNames.subList(0, 1))))).contains("input shape").contains("1 features");
        assertThat(refusal(valid, m -> m.add("features", Json.createArrayBuilder(val.featureNames.subList(0, 30))))).contains("input shape").contains("30 features");
        assertThat(refusal(valid, m -> m.add("labels", Json.createArrayBuilder(List.of("sad", "unknown", "happy"))))).contains("labels");
        assertThat(refusal(valid, m -> m.add("labels", Json.createArrayBuilder(List.of("happy", "sad"))))).contains("labels");
        assertThat(refusal(valid, m -> m.add("input", Json.createObjectBuilder().add("name", "features").add("layout", "sequence")))).contains("layout 'sequence'");
        assertThat(refusal(valid, m -> m.add("input", Json.createObjectBuilder().add("name", "pixels").add("layout", "flat")))).contains("'pixels'");
        assertThat(refusal(valid, m -> m.add("format", "something/2"))).contains("format");
        assertThat(refusal(valid, m -> m.add("onnxSha256", "00"))).contains("onnxSha256");
        assertThat(refusal(valid, m -> m.add("onnx", "missing.onnx"))).contains("not found");
        assertThatThrownBy(() -> OnnxModel.open(dir.resolve("nothing.model.json"))).isInstanceOf(DataException.class).hasMessageContaining("no such");
    }

    @Test
    void anOnnxGraphWithTheWrongInputShapeIsRefused() throws Exception {
        // a sequence model's graph ([N, 52, 1]) described as flat
        Classifier seq = Architectures.build("lstm-paper", val.x, 1);
        Files.write(dir.resolve("seq.onnx"), org.emotionlens.train.internal.OnnxExport.export(seq, "seq"));
        Files.writeString(dir.resolve("seq.model.json"), minimalMetadata("seq", val.featureNames).build().toString());
        assertThatThrownBy(() -> OnnxModel.open(dir.resolve("seq.model.json"))).isInstanceOf(DataException.class)
                .hasMessageContaining("[-1, 52, 1]").hasMessageContaining("layout 'flat'");
    }
}
