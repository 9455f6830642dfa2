package org.emotionlens.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** One session per bound service: kept while the service stays, replaced (the old one closed) after a swap. */
class ServiceSessionTest {

    @Test
    void aSessionLastsAsLongAsItsService() {
        List<String> closed = new ArrayList<>();
        int[] opened = {0};
        ServiceSession<String, String> s = new ServiceSession<>(svc -> svc + "#" + (++opened[0]), closed::add);
        String a = new String("landmarker-a");
        String b = new String("landmarker-b");
        assertThat(s.of(a)).isEqualTo("landmarker-a#1");
        assertThat(s.of(a)).isEqualTo("landmarker-a#1");
        assertThat(closed).isEmpty();
        assertThat(s.of(b)).isEqualTo("landmarker-b#2");
        assertThat(closed).containsExactly("landmarker-a#1");
        // identity, not equality: an equal-looking replacement is another service
        assertThat(s.of(new String("landmarker-b"))).isEqualTo("landmarker-b#3");
        s.close();
        s.close();
        assertThat(closed).containsExactly("landmarker-a#1", "landmarker-b#2", "landmarker-b#3");
        assertThat(s.of(b)).as("reopened after close").isEqualTo("landmarker-b#4");
    }
}
