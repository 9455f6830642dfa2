package org.emotionlens.features.concat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.features.facecrop.internal.FaceCropExtractor;
import org.emotionlens.features.landmarks.internal.LandmarkFeatureExtractor;
import org.junit.jupiter.api.Test;

/** The concatenation's layout, refusals and partial vectors, with the real landmark and face crop extractors. */
class ConcatFeatureExtractorTest {
    final FeatureExtractor landmarks = new LandmarkFeatureExtractor();

    @Test
    void namesArePartsInOrderUnderTheConfiguredKind() {
        ConcatFeatureExtractor c = new ConcatFeatureExtractor("landmarks", List.of("landmarks"), List.of(landmarks));
        assertThat(c.kind()).isEqualTo("landmarks");
        assertThat(c.names()).isEqualTo(landmarks.names()).hasSize(1434);
    }

    @Test
    void aMissingPartIsNamedWithTheKindsThatAreThere() {
        assertThatThrownBy(() -> new ConcatFeatureExtractor("landmarks+face64", List.of("landmarks", "face64"),
                List.of(landmarks))).hasMessageContaining("no part of kind 'face64'").hasMessageContaining("[landmarks]");
    }

    @Test
    void aFeatureNameInTwoPartsIsRefused() {
        assertThatThrownBy(() -> new ConcatFeatureExtractor("twice", List.of("landmarks", "landmarks"),
                List.of(landmarks))).hasMessageContaining("'lm0.x' occurs in two parts");
    }

    @Test
    void partialLeavesOutThePartsThatCannotDescribeAFace() {
        FeatureExtractor crop = new FaceCropExtractor(FaceCropExtractor.DEFAULT_MARGIN);
        List<FeatureExtractor> both = List.of(landmarks, crop);
        ConcatFeatureExtractor whole = new ConcatFeatureExtractor("landmarks+face64", List.of("landmarks", "face64"), both);
        ConcatFeatureExtractor partial = new ConcatFeatureExtractor("landmarks+face64", List.of("landmarks", "face64"),
                both, true);
        Image image = gradient(96, 80);
        Box box = new Box(0.2f, 0.15f, 0.5f, 0.6f);
        float[] lm = new float[478 * 3];
        Random random = new Random(7);
        for (int i = 0; i < lm.length; i++) {
            lm[i] = 0.2f + 0.5f * random.nextFloat();
        }
        Face landmarked = new Face(0, box, 0.9f, lm, null, null);
        Face boxOnly = new Face(1, box, 0.7f, null, null, null); // a face the landmark model rejected
        Face nothing = new Face(2, null, 1f, null, null, null);
        Frame frame = new Frame("x", 0, 0, image, List.of(landmarked, boxOnly, nothing));

        // every part there: the same vector as without partial
        FeatureVector full = partial.extract(frame, landmarked);
        assertThat(full.names()).isEqualTo(whole.names()).hasSize(1434 + 4096);
        assertThat(full.values()).containsExactly(whole.extract(frame, landmarked).values());

        // no landmarks: none without partial, the crop's features alone with it, under the concatenation's kind
        assertThat(whole.extract(frame, boxOnly)).isNull();
        FeatureVector v = partial.extract(frame, boxOnly);
        assertThat(v.kind()).isEqualTo("landmarks+face64");
        assertThat(v.names()).isEqualTo(crop.names()).hasSize(4096);
        assertThat(v.values()).containsExactly(crop.extract(frame, boxOnly).values());
        // one names list per set of parts, so that classifiers' index caches keep hitting
        assertThat(partial.extract(frame, boxOnly).names()).isSameAs(v.names());

        // no part describes it: no vector, partial or not
        assertThat(partial.extract(frame, nothing)).isNull();
    }

    private static Image gradient(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                rgb[i] = (byte) (x * 255 / w);
                rgb[i + 1] = (byte) (y * 255 / h);
                rgb[i + 2] = (byte) ((x + y) & 0xff);
            }
        }
        return new Image(w, h, rgb);
    }

    @Test
    void aFaceThatAPartCannotDescribeGetsNoVector() {
        ConcatFeatureExtractor c = new ConcatFeatureExtractor("landmarks", List.of("landmarks"), List.of(landmarks));
        Face noLandmarks = new Face(0, null, 1f, null, null, null);
        assertThat(c.extract(new Frame("x", 0, 0, null, List.of(noLandmarks)), noLandmarks)).isNull();
    }
}
