package org.emotionlens.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Stage descriptions go into reports that must be the same on every run: no identity hash codes. */
class StageNameTest {
    @Test
    void aServiceWithoutItsOwnDescriptionIsNamedByItsClass() {
        assertThat(PipelineComponent.name(new Object())).isEqualTo("java.lang.Object");
        assertThat(PipelineComponent.name(new StringBuilder("csv:blends_test_full_set.csv")))
                .isEqualTo("csv:blends_test_full_set.csv");
    }
}
