package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Prediction;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The classifier's Java engine in the framework: it starts (its import of emotion.onnx's ONNX reader resolves
 * without the training bundle), says so in its model description, and gives ONNX Runtime's probabilities on real test rows.
 */
class JavaEngineTest {
    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void theJavaEngineServesLstmPaperWithOnnxRuntimesProbabilities() throws Exception {
        try (Containers c = new Containers(configAdmin)) {
            for (String engine : List.of("onnxruntime", "java")) {
                c.configure("emotion.classifier.onnx", "engine-" + engine, Map.of("emotion.model", "lstm-paper",
                        "models.dir", Containers.MODELS.toString(), "engine", engine));
            }
            EmotionClassifier ort = classifier("onnxruntime");
            EmotionClassifier java = classifier("java");
            assertThat(java.model().description()).contains("Java float engine");
            assertThat(ort.model().description()).contains("ONNX Runtime");
            List<FeatureVector> rows = new ArrayList<>();
            for (String line : Files.readAllLines(Containers.TEST_CSV).subList(0, 300)) {
                String[] cells = line.split(",");
                float[] v = new float[Blendshapes.COUNT];
                for (int k = 0; k < v.length; k++) {
                    v[k] = Float.parseFloat(cells[k]);
                }
                rows.add(new FeatureVector("blendshapes", Blendshapes.NAMES, v));
            }
            List<Prediction> expected = ort.classify(rows);
            List<Prediction> actual = java.classify(rows);
            double worst = 0;
            for (int r = 0; r < rows.size(); r++) {
                for (int k = 0; k < 3; k++) {
                    worst = Math.max(worst, Math.abs(expected.get(r).probabilities()[k] - actual.get(r).probabilities()[k]));
                }
                assertThat(actual.get(r).best()).isEqualTo(expected.get(r).best());
            }
            assertThat(worst).isLessThanOrEqualTo(2e-6);
        }
    }

    private static EmotionClassifier classifier(String engine) throws Exception {
        AtomicReference<Collection<ServiceReference<EmotionClassifier>>> refs = new AtomicReference<>();
        Containers.await("the " + engine + " classifier", 20_000, () -> {
            try {
                refs.set(Containers.context().getServiceReferences(EmotionClassifier.class,
                        "(&(emotion.model=lstm-paper)(engine=" + engine + "))"));
                return refs.get().size() == 1;
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
        return Containers.context().getService(refs.get().iterator().next());
    }
}
