package org.emotionlens.classifier.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.StageClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ONNX classifier on the project's real models (models/) and the paper's real test blendshapes: each committed
 * model gives exactly the test confusion matrix its metadata records, subset models read their features by name, and every inconsistency between a model's metadata and its ONNX file is refused with the file named.
 */
class OnnxEmotionClassifierTest {
    static final Path MODELS = Path.of(System.getProperty("emotionlens.project", "../..")).resolve("models");
    static final Path TEST = Path.of(System.getProperty("emotionlens.shared", "../../../shared"))
            .resolve("data/fer2013-blendshapes/blends_test_full_set.csv");

    @TempDir
    Path tmp;

    private final List<OnnxEmotionClassifier> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(OnnxEmotionClassifier::deactivate);
    }

    OnnxEmotionClassifier open(Path metadata) {
        OnnxEmotionClassifier c = new OnnxEmotionClassifier(metadata, "cpu", 1);
        opened.add(c);
        return c;
    }

    /** The paper's test rows after the first (as the paper's notebook read them): scores and label codes. */
    static List<String[]> testRows() throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TEST).subList(1, 1647)) {
            rows.add(line.split(","));
        }
        return rows;
    }

    static FeatureVector vector(String[] cells, List<String> names) {
        float[] v = new float[names.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(cells[Blendshapes.NAMES.indexOf(names.get(i))]);
        }
        return new FeatureVector("blendshapes", names, v);
    }

    /**
     * Every committed model records, in its metadata, the confusion matrix the training engine measured on the
     * paper's test rows; served by ONNX Runtime it must give exactly that matrix (whatever model is committed).
     */
    @ParameterizedTest
    @ValueSource(strings = {"lstm-paper", "dense", "ours", "lstm-paper-selected"})
    void aCommittedModelReproducesTheTestConfusionMatrixItsMetadataRecords(String id) throws Exception {
        Path metadata = MODELS.resolve(id + ".model.json");
        JsonObject test;
        try (JsonReader r = Json.createReader(Files.newBufferedReader(metadata))) {
            test = r.readObject().getJsonObject("metrics").getJsonObject("test");
        }
        assertThat(test.getString("file")).isEqualTo("blends_test_full_set.csv");
        assertThat(test.getInt("skipRows")).isEqualTo(1);
        OnnxEmotionClassifier c = open(metadata);
        List<String> labels = c.model().labels();
        int[][] confusion = new int[labels.size()][labels.size()];
        for (String[] row : testRows()) {
            Prediction p = c.classify(List.of(vector(row, Blendshapes.NAMES))).get(0);
            float sum = 0;
            for (float x : p.probabilities()) {
                sum += x;
            }
            assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
            confusion[(int) Double.parseDouble(row[Blendshapes.COUNT])][p.best()]++;
        }
        JsonArray recorded = test.getJsonArray("confusion");
        for (int t = 0; t < labels.size(); t++) {
            for (int q = 0; q < labels.size(); q++) {
                assertThat(confusion[t][q]).as(id + ": truth " + labels.get(t) + ", predicted " + labels.get(q))
                        .isEqualTo(recorded.getJsonArray(t).getInt(q));
            }
        }
    }

    @Test
    void aBatchGivesWhatSingleCallsGive() throws Exception {
        OnnxEmotionClassifier c = open(MODELS.resolve("dense.model.json"));
        List<FeatureVector> batch = new ArrayList<>();
        for (String[] row : testRows().subList(0, 64)) {
            batch.add(vector(row, Blendshapes.NAMES));
        }
        List<Prediction> together = c.classify(batch);
        assertThat(together).hasSize(64);
        for (int i = 0; i < 64; i += 9) {
            assertThat(c.classify(List.of(batch.get(i))).get(0).probabilities())
                    .containsExactly(together.get(i).probabilities(), org.assertj.core.data.Offset.offset(1e-6f));
        }
        assertThat(c.classify(List.of())).isEmpty();
    }

    @Test
    void aSubsetModelReadsItsFeaturesByNameInAnyOrder() throws Exception {
        OnnxEmotionClassifier c = open(MODELS.resolve("lstm-paper-selected.model.json"));
        assertThat(c.model().featureNames()).hasSizeLessThan(Blendshapes.COUNT);
        String[] row = testRows().get(10);
        List<String> shuffled = new ArrayList<>(Blendshapes.NAMES);
        Collections.reverse(shuffled);
        Prediction inOrder = c.classify(List.of(vector(row, Blendshapes.NAMES))).get(0);
        Prediction reversed = c.classify(List.of(vector(row, shuffled))).get(0);
        assertThat(reversed.probabilities()).containsExactly(inOrder.probabilities());

        String needed = c.model().featureNames().get(0);
        List<String> lacking = new ArrayList<>(Blendshapes.NAMES);
        lacking.remove(needed);
        assertThatThrownBy(() -> c.classify(List.of(vector(row, lacking)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs feature '" + needed + "'");
        assertThatThrownBy(() -> c.classify(List.of(new FeatureVector("landmarks", List.of("x"), new float[1]))))
                .hasMessageContaining("reads 'blendshapes' features, got 'landmarks'");
    }

    /** A copy of lstm-paper's metadata beside the real ONNX file, edited by {@code edit}. */
    Path edited(java.util.function.UnaryOperator<String> edit) throws Exception {
        String meta = Files.readString(MODELS.resolve("lstm-paper.model.json")).replaceFirst(
                "\"onnx\"\\s*:\\s*\"[^\"]*\"", "\"onnx\": \"" + MODELS.resolve("lstm-paper.onnx") + "\"");
        Path file = tmp.resolve("lstm-paper.model.json");
        Files.writeString(file, edit.apply(meta));
        return file;
    }

    @Test
    void metadataThatContradictsItselfOrItsOnnxFileIsRefused() throws Exception {
        Path shape = edited(m -> m.replace("[\"N\", 52, 1]", "[\"N\", 51, 1]"));
        assertThatThrownBy(() -> open(shape)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(shape.toString()).hasMessageContaining("input shape [N, 51, 1]")
                .hasMessageContaining("52 features");
        Path outShape = edited(m -> m.replace("[\"N\", 3]", "[\"N\", 4]"));
        assertThatThrownBy(() -> open(outShape)).hasMessageContaining("output shape [N, 4]");
        Path fewer = edited(m -> m.replace("\"shape\"", "\"undeclared\"").replaceFirst("\"noseSneerRight\"\\s*,?", "")
                .replaceFirst(",\\s*]", "]"));
        assertThatThrownBy(() -> open(fewer)).hasMessageContaining("lstm-paper.onnx").hasMessageContaining("input shape")
                .hasMessageContaining("51");
        Path sha = edited(m -> m.replaceFirst("\"onnxSha256\"\\s*:\\s*\"[0-9a-f]+\"", "\"onnxSha256\": \"" + "0".repeat(64)
                + "\""));
        assertThatThrownBy(() -> open(sha)).hasMessageContaining("has sha256").hasMessageContaining("0".repeat(64));
        Path format = edited(m -> m.replace("emotionlens.model/1", "something/2"));
        assertThatThrownBy(() -> open(format)).hasMessageContaining("has format 'something/2'");
        assertThatThrownBy(() -> open(tmp.resolve("none.model.json"))).hasMessageContaining("does not exist")
                .hasMessageContaining("models.dir");
    }

    @Test
    void aClassifierShutDownSaysSoSoThePipelineRedoesTheCallElsewhere() throws Exception {
        OnnxEmotionClassifier c = new OnnxEmotionClassifier(MODELS.resolve("ours.model.json"), "cuda", 1);
        // no CUDA build of ONNX Runtime in the unit tests: it falls back to the CPU
        assertThat(c.provider()).isEqualTo("CPU");
        FeatureVector v = vector(testRows().get(0), Blendshapes.NAMES);
        assertThat(c.classify(List.of(v))).hasSize(1);
        c.deactivate();
        assertThatThrownBy(() -> c.classify(List.of(v))).isInstanceOf(StageClosedException.class)
                .hasMessageContaining("ours");
    }
}
