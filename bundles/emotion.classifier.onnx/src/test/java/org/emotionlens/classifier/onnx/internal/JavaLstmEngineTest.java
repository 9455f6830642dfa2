package org.emotionlens.classifier.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Prediction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java engine against ONNX Runtime on the same committed ONNX files, on every row of the paper's test file.
 */
class JavaLstmEngineTest {
    private final List<OnnxEmotionClassifier> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(OnnxEmotionClassifier::deactivate);
    }

    OnnxEmotionClassifier open(String id, String engine) {
        OnnxEmotionClassifier c = new OnnxEmotionClassifier(OnnxEmotionClassifierTest.MODELS.resolve(id + ".model.json"),
                "cpu", 1, engine);
        opened.add(c);
        return c;
    }

    /** Every row of blends_test_full_set.csv (the first too, which the paper's evaluation skips). */
    static List<FeatureVector> everyTestRow() throws Exception {
        List<FeatureVector> rows = new ArrayList<>();
        for (String line : Files.readAllLines(OnnxEmotionClassifierTest.TEST)) {
            rows.add(OnnxEmotionClassifierTest.vector(line.split(","), Blendshapes.NAMES));
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm-paper", "lstm-paper-selected"})
    void everyTestRowGivesOnnxRuntimesProbabilitiesWithin1e5(String id) throws Exception {
        OnnxEmotionClassifier ort = open(id, "onnxruntime");
        OnnxEmotionClassifier engine = open(id, "java");
        assertThat(engine.provider()).isEqualTo("Java");
        assertThat(engine.model().description()).contains("Java float engine");
        List<FeatureVector> rows = everyTestRow();
        assertThat(rows).hasSize(1647);
        double worst = 0;
        int sameBest = 0;
        for (FeatureVector row : rows) {
            Prediction expected = ort.classify(List.of(row)).get(0);
            Prediction actual = engine.classify(List.of(row)).get(0);
            for (int k = 0; k < 3; k++) {
                worst = Math.max(worst, Math.abs(expected.probabilities()[k] - actual.probabilities()[k]));
            }
            sameBest += expected.best() == actual.best() ? 1 : 0;
        }
        assertThat(worst).isLessThanOrEqualTo(2e-6);
        assertThat(sameBest).isEqualTo(rows.size());
    }

    @Test
    void aBatchGivesWhatSingleCallsGive() throws Exception {
        OnnxEmotionClassifier engine = open("lstm-paper", "java");
        List<FeatureVector> batch = everyTestRow().subList(0, 40);
        List<Prediction> together = engine.classify(batch);
        assertThat(together).hasSize(40);
        for (int i = 0; i < 40; i += 7) {
            assertThat(engine.classify(List.of(batch.get(i))).get(0).probabilities())
                    .containsExactly(together.get(i).probabilities());
        }
    }

    @Test
    void callsFromSeveralThreadsAtOnceGiveTheSingleThreadedResults() throws Exception {
        OnnxEmotionClassifier engine = open("lstm-paper", "java");
        List<FeatureVector> rows = everyTestRow().subList(0, 200);
        List<Prediction> alone = engine.classify(rows);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int n = 0; n < 4; n++) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < rows.size(); i++) {
                        assertThat(engine.classify(List.of(rows.get(i))).get(0).probabilities())
                                .containsExactly(alone.get(i).probabilities());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense", "ours"})
    void aFlatModelIsRefusedWithTheEngineToUse(String id) {
        assertThatThrownBy(() -> open(id, "java")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(id).hasMessageContaining("engine 'onnxruntime'");
    }

    @Test
    void autoTakesTheJavaEngineForAnLstmStackAndOnnxRuntimeForTheRest() {
        assertThat(open("lstm-paper", "auto").provider()).isEqualTo("Java");
        assertThat(open("lstm-paper-selected", "auto").provider()).isEqualTo("Java");
        assertThat(open("dense", "auto").provider()).isEqualTo("CPU");
        assertThat(open("ours", "auto").provider()).isEqualTo("CPU");
    }

    @Test
    void anUnknownEngineIsRefused() {
        assertThatThrownBy(() -> open("lstm-paper", "tflite")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("engine must be onnxruntime, java or auto, got 'tflite'");
    }

    @Test
    void aGraphThatIsNoWavefrontStackIsRefusedWithTheReason() throws Exception {
        Path dense = OnnxEmotionClassifierTest.MODELS.resolve("dense.onnx");
        assertThatThrownBy(() -> LstmStackGraph.read(dense, 52)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dense.onnx is not one").hasMessageContaining("wavefront LSTM stack");
        Path lstm = OnnxEmotionClassifierTest.MODELS.resolve("lstm-paper.onnx");
        assertThatThrownBy(() -> LstmStackGraph.read(lstm, 51)).hasMessageContaining("node counts do not match 51 steps");
        LstmStackGraph g = LstmStackGraph.read(lstm, 52);
        assertThat(g.lstms()).extracting(LstmStackGraph.Lstm::units).containsExactly(52, 16, 48, 44);
        assertThat(g.dense()).extracting(LstmStackGraph.Dense::out).containsExactly(3);
    }
}
