package org.emotionlens.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Per-class caps: the first images in file order or a seeded random subset, on the capped splits only. */
class CapsTest {

    @Test
    void capsInFileOrderOrSeededRandomOnlyOnTheCappedSplits() {
        List<Sample> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(new Sample(i, i < 30 ? "train" : "test", i % 2 == 0 ? "happy" : "disgust", null, null));
        }
        var caps = DatasetCommand.parseCaps("happy=4");
        List<Sample> first = new Caps(caps, "train", false, 1).apply(all);
        assertThat(first.stream().filter(s -> s.split().equals("train") && s.className().equals("happy")).map(Sample::sourceIndex))
                .containsExactly(0L, 2L, 4L, 6L);
        assertThat(first.stream().filter(s -> s.className().equals("disgust"))).hasSize(20); // uncapped class
        assertThat(first.stream().filter(s -> s.split().equals("test"))).hasSize(10); // caps apply to train only
        List<Sample> random = new Caps(caps, "train", true, 1).apply(all);
        List<Long> happy = random.stream().filter(s -> s.split().equals("train") && s.className().equals("happy"))
                .map(Sample::sourceIndex).toList();
        assertThat(happy).hasSize(4).isSorted().isNotEqualTo(List.of(0L, 2L, 4L, 6L));
        assertThat(new Caps(caps, "train", true, 1).apply(all)).isEqualTo(random);
        assertThat(new Caps(caps, "train", true, 2).apply(all)).isNotEqualTo(random);
    }

    @Test
    void capsOnSeveralSplits() {
        List<Sample> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(new Sample(i, i < 10 ? "train" : "test", "sad", null, null));
        }
        List<Sample> capped = new Caps(DatasetCommand.parseCaps("sad=3"), "train,test", false, 1).apply(all);
        assertThat(capped.stream().map(Sample::sourceIndex)).containsExactly(0L, 1L, 2L, 10L, 11L, 12L);
    }
}
