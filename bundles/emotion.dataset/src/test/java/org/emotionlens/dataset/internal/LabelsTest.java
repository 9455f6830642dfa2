package org.emotionlens.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Class names to labels: the paper's three (happy 0, unknown 1, sad 2) or FER2013's seven codes. */
class LabelsTest {
    private static Sample of(String cls) {
        return new Sample(0, "train", cls, null, "x.png");
    }

    @Test
    void threeClassesAsInThePaper() {
        Labels l = new Labels(3);
        assertThat(l.of(of("happy"))).isZero();
        assertThat(l.of(of("sad"))).isEqualTo(2);
        for (String other : new String[] {"angry", "disgust", "fear", "surprise", "neutral", "unknown"}) {
            assertThat(l.of(of(other))).as(other).isEqualTo(1);
        }
        assertThat(l.names()).containsExactly("happy", "unknown", "sad");
        assertThat(l.name(2)).isEqualTo("sad");
    }

    @Test
    void sevenClassesAreFer2013sCodesAndRefuseOtherNames() {
        Labels l = new Labels(7);
        for (int code = 0; code < 7; code++) {
            assertThat(l.of(of(Fer.CLASSES.get(code)))).isEqualTo(code);
            assertThat(l.name(code)).isEqualTo(Fer.CLASSES.get(code));
        }
        assertThatThrownBy(() -> l.of(of("unknown"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("use --classes 3");
    }
}
