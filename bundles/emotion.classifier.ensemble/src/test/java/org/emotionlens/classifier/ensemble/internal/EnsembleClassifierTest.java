package org.emotionlens.classifier.ensemble.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Prediction;
import org.emotionlens.classifier.onnx.internal.OnnxEmotionClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ensemble of the project's real landmark model and peer image CNN (models/, on ONNX Runtime), as the
 * fer2013-test-fusion profiles wire it, on concatenated vectors with and without the landmark part.
 */
class EnsembleClassifierTest {
    static final Path MODELS = Path.of(System.getProperty("emotionlens.project", "../..")).resolve("models");
    static OnnxEmotionClassifier landmarks;
    static OnnxEmotionClassifier peer;

    @BeforeAll
    static void open() {
        landmarks = new OnnxEmotionClassifier(MODELS.resolve("landmarks-dense.model.json"), "cpu", 1, "onnxruntime");
        peer = new OnnxEmotionClassifier(MODELS.resolve("peer-mini-xception.model.json"), "cpu", 1, "onnxruntime");
    }

    @AfterAll
    static void close() {
        landmarks.deactivate();
        peer.deactivate();
    }

    static EnsembleClassifier ensemble(double... weights) {
        return new EnsembleClassifier("landmarks+peer", List.of("landmarks-dense", "peer-mini-xception"), weights,
                List.of(peer, landmarks));
    }

    /** A vector of kind landmarks+face64 holding the features of {@code members}, in their order. */
    static FeatureVector vector(long seed, EmotionClassifier... members) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (EmotionClassifier m : members) {
            boolean pixels = m.model().featureKind().equals("face64");
            for (String n : m.model().featureNames()) {
                names.add(n);
                // grey levels 0..255 for the crop; the landmark model's face-frame coordinates lie within about +-2
                values.add(pixels ? random.nextInt(256) : (float) random.nextGaussian());
            }
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return new FeatureVector("landmarks+face64", names, v);
    }

    @Test
    void everyMemberVotesOnAFullVectorAndOnlyThoseWhoseFeaturesAreThereOnAPartialOne() {
        EnsembleClassifier e = ensemble(3, 1);
        FeatureVector full = vector(1, landmarks, peer);
        FeatureVector cropOnly = vector(2, peer); // a face the landmark model rejected
        FeatureVector full2 = vector(3, landmarks, peer);
        List<Prediction> p = e.classify(List.of(full, cropOnly, full2));
        assertThat(p).hasSize(3);
        for (int r : new int[] {0, 2}) {
            FeatureVector v = r == 0 ? full : full2;
            Prediction a = landmarks.classify(v);
            Prediction b = peer.classify(v);
            for (String label : p.get(r).labels()) {
                assertThat((double) p.get(r).probability(label)).as(label)
                        .isCloseTo(0.75 * a.probability(label) + 0.25 * b.probability(label), offset(1e-6));
            }
        }
        // the peer's weight renormalised to 1: exactly what the peer alone says
        Prediction alone = peer.classify(cropOnly);
        assertThat(p.get(1).modelId()).isEqualTo("landmarks+peer");
        for (String label : p.get(1).labels()) {
            assertThat(p.get(1).probability(label)).as(label).isCloseTo(alone.probability(label), offset(1e-6f));
        }
        // a batch gives what single vectors give
        assertThat(e.classify(cropOnly).probabilities()).containsExactly(p.get(1).probabilities(), offset(1e-6f));
        assertThat(e.classify(full).probabilities()).containsExactly(p.get(0).probabilities(), offset(1e-6f));
    }

    @Test
    void aVectorNoMemberCanClassifyIsRefusedNamingWhatEachLacks() {
        EnsembleClassifier e = ensemble();
        FeatureVector nothing = new FeatureVector("landmarks+face64", List.of("x"), new float[1]);
        assertThatThrownBy(() -> e.classify(List.of(vector(1, landmarks, peer), nothing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ensemble landmarks+peer: no member can classify a 'landmarks+face64' vector of 1")
                .hasMessageContaining("landmarks-dense lacks 'lm0.x'").hasMessageContaining("peer-mini-xception lacks 'px0'");
        // a member of weight 0 does not count as one that can classify
        EnsembleClassifier landmarksOnly = ensemble(1, 0);
        assertThatThrownBy(() -> landmarksOnly.classify(vector(2, peer)))
                .hasMessageContaining("no member can classify");
    }
}
