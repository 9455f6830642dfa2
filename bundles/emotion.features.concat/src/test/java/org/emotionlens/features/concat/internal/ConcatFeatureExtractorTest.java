package org.emotionlens.features.concat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.Frame;
import org.emotionlens.features.landmarks.internal.LandmarkFeatureExtractor;
import org.junit.jupiter.api.Test;

/** The concatenation's layout and refusals, with the real landmark extractor as a part. */
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
    void aFaceThatAPartCannotDescribeGetsNoVector() {
        ConcatFeatureExtractor c = new ConcatFeatureExtractor("landmarks", List.of("landmarks"), List.of(landmarks));
        Face noLandmarks = new Face(0, null, 1f, null, null, null);
        assertThat(c.extract(new Frame("x", 0, 0, null, List.of(noLandmarks)), noLandmarks)).isNull();
    }
}
