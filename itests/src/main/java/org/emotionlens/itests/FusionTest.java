package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Pipeline;
import org.emotionlens.api.Prediction;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

/**
 * Late fusion in Felix, as the fer2013-test-fusion profile wires it: the landmark features and the 64x64 face crop
 * of each face concatenated (emotion.features.concat), classified by an ensemble (emotion.classifier.ensemble) of
 * the landmark model and the peer image CNN. On the real faces of the parity images, every vector holds both parts
 * and every prediction is exactly the weighted mean of what the two members say of that vector.
 */
class FusionTest {
    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void theEnsembleIsTheWeightedMeanOfItsMembersOnConcatenatedFeatures() throws Exception {
        RecordingSink sink = RecordingSink.register("fusion");
        try (Containers c = new Containers(configAdmin)) {
            configAdmin.getConfiguration("emotion.models", "?").update(
                    Containers.props("dir", Containers.SHARED.resolve("models").toString()));
            c.configure("emotion.source.images", "fusion", Map.of("path", VisionTest.FRAMES.toString()));
            c.classifier("landmarks-dense");
            c.classifier("peer-mini-xception");
            c.configure("emotion.features.concat", "fusion", Map.of("emotion.features.kind", "landmarks+face64",
                    "parts", new String[] {"landmarks", "face64"},
                    "parts.target", "(|(emotion.features.kind=landmarks)(emotion.features.kind=face64))",
                    "parts.cardinality.minimum", 2));
            c.configure("emotion.classifier.ensemble", "fusion", Map.of("emotion.model", "landmarks+peer",
                    "members", new String[] {"landmarks-dense", "peer-mini-xception"}, "weights", new double[] {3, 1},
                    "members.target", "(|(emotion.model=landmarks-dense)(emotion.model=peer-mini-xception))",
                    "members.cardinality.minimum", 2));
            c.pipeline("fusion", Map.of("source.target", "(emotion.source.type=images)",
                    "detector.target", "(emotion.detector.type=blazeface)",
                    "landmarker.target", "(emotion.landmarker.type=mediapipe)",
                    "features.target", "(emotion.features.kind=landmarks+face64)",
                    "classifier.target", "(emotion.model=landmarks+peer)", "sinks.target", "(test=fusion)",
                    "max.faces", 2, "video", false));

            Map<String, Object> done = Containers.awaitPipeline("fusion", 120_000, "finished", "failed");
            assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY))).isEqualTo("finished");
            EmotionClassifier landmarks = classifier("landmarks-dense");
            EmotionClassifier peer = classifier("peer-mini-xception");
            List<FrameResult> results = sink.results();
            assertThat(results).hasSize(VisionTest.FRAMES.toFile().list().length);
            int faces = 0;
            for (FrameResult r : results) {
                for (FaceResult f : r.faces()) {
                    faces++;
                    FeatureVector v = f.features();
                    assertThat(v.kind()).isEqualTo("landmarks+face64");
                    assertThat(v.names()).hasSize(1434 + 4096);
                    assertThat(v.names().get(0)).isEqualTo("lm0.x");
                    Prediction a = landmarks.classify(v);
                    Prediction b = peer.classify(v);
                    Prediction p = f.prediction();
                    assertThat(p.modelId()).isEqualTo("landmarks+peer");
                    for (String label : p.labels()) {
                        assertThat((double) p.probability(label)).as(label).isCloseTo(
                                0.75 * a.probability(label) + 0.25 * b.probability(label), offset(1e-6));
                    }
                }
            }
            assertThat(faces).isGreaterThan(results.size() / 2);
        } finally {
            sink.close();
            configAdmin.getConfiguration("emotion.models", "?").delete();
        }
    }

    private static EmotionClassifier classifier(String model) throws Exception {
        Collection<ServiceReference<EmotionClassifier>> refs = Containers.context()
                .getServiceReferences(EmotionClassifier.class, "(emotion.model=" + model + ")");
        assertThat(refs).as(model).hasSize(1);
        return Containers.context().getService(refs.iterator().next());
    }
}
