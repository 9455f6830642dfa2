package org.emotionlens.sink.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ring of the last JPEGs: an image is served by its number until a newer one takes its slot. */
class ImageStoreTest {
    @Test
    void keepsTheLastImagesByNumberAndForgetsReplacedOnes() {
        ImageStore store = new ImageStore(8);
        assertThat(store.latest()).isNull();
        for (long seq = 1; seq <= 20; seq++) {
            store.put(seq, new byte[] {(byte) seq});
        }
        assertThat(store.latest().seq()).isEqualTo(20);
        for (long seq = 13; seq <= 20; seq++) {
            assertThat(store.get(seq).jpeg()).containsExactly((byte) seq);
        }
        assertThat(store.get(12)).as("replaced by 20").isNull();
        assertThat(store.get(1)).isNull();
        assertThat(store.get(21)).as("not made yet").isNull();
    }
}
