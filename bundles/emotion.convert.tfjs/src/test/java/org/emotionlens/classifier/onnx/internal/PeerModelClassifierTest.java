package org.emotionlens.classifier.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.Prediction;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.emotionlens.features.facecrop.internal.FaceCropExtractor;
import org.junit.jupiter.api.Test;

/**
 * The committed peer model (models/peer-mini-xception.model.json) is served by the platform's ONNX classifier
 * unchanged: the 'flat' layout with 4096 face64 features passes its signature check, and face64 vectors from real
 * BlazeFace boxes classify to probabilities over happy, unknown, sad. (In this package for the package-private
 * constructor that takes a metadata file.)
 */
class PeerModelClassifierTest {
    @Test
    void theOnnxClassifierServesThePeerModelOnFace64Vectors() {
        Path meta = Path.of(System.getProperty("emotionlens.project", "../..")).resolve(
                "models/peer-mini-xception.model.json");
        OnnxEmotionClassifier classifier = new OnnxEmotionClassifier(meta, "cpu", 1);
        try (BlazeFaceDetector detector = BlazeFaceDetector.withDefaults(TestMedia.models(), 1)) {
            assertThat(classifier.model().featureKind()).isEqualTo("face64");
            assertThat(classifier.model().labels()).containsExactly("happy", "unknown", "sad");
            FaceCropExtractor extractor = new FaceCropExtractor(FaceCropExtractor.DEFAULT_MARGIN);
            Image img = TestMedia.read(TestMedia.facePhotos().get(0));
            Frame frame = new Frame("sample1.jpg", 0, 0, img, null);
            List<FeatureVector> vectors = detector.detect(img).stream()
                    .map(d -> extractor.extract(frame, new Face(0, d.box(), d.score(), null, null, Map.of())))
                    .toList();
            assertThat(vectors).isNotEmpty();
            List<Prediction> predictions = classifier.classify(vectors);
            assertThat(predictions).hasSameSizeAs(vectors);
            for (Prediction p : predictions) {
                float sum = 0;
                for (float v : p.probabilities()) {
                    assertThat(v).isBetween(0f, 1f);
                    sum += v;
                }
                assertThat(sum).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
            }
            // a face without a box has no crop: nothing to classify
            assertThat(extractor.extract(frame, new Face(0, null, 1f, null, null, Map.of()))).isNull();
            // different faces give different answers: the pixels reach the network
            assertThat(predictions.get(0).probabilities()).isNotEqualTo(
                    classifier.classify(List.of(extractor.extract(frame, new Face(0, new Box(0f, 0f, 0.2f, 0.2f), 1f,
                            null, null, Map.of())))).get(0).probabilities());
        } finally {
            classifier.deactivate();
        }
    }
}
