package org.emotionlens.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The augmented copies: seeded per image and copy, so that threads, resumes and other images change nothing. */
class AugmentationPlanTest {
    private static final List<Sample> TWO = List.of(new Sample(4, "train", "happy", new byte[2304], null),
            new Sample(9, "train", "sad", new byte[2304], null));

    @Test
    void copiesAreSeededPerImage() {
        AugmentationPlan plan = new AugmentationPlan(2, 36, 0.5, 1);
        List<WorkItem> a = plan.copies(TWO);
        assertThat(a).hasSize(4).isEqualTo(plan.copies(TWO));
        assertThat(plan.copies(TWO.subList(1, 2))).isEqualTo(a.subList(2, 4)); // independent of the other images
        assertThat(new AugmentationPlan(2, 36, 0.5, 2).copies(TWO)).isNotEqualTo(a);
    }

    @Test
    void tagsSayTheFlipAndTheRotationWithinItsRange() {
        List<WorkItem> items = new AugmentationPlan(50, 10, 0.5, 3).copies(TWO);
        assertThat(items).hasSize(100);
        for (WorkItem it : items) {
            assertThat(Math.abs(it.angle())).isLessThanOrEqualTo(10);
            String rot = String.format(java.util.Locale.ROOT, "rot%+.1f", it.angle());
            assertThat(it.tag()).isEqualTo(it.flip() ? "flip+" + rot : rot);
        }
        assertThat(items).anyMatch(WorkItem::flip).anyMatch(it -> !it.flip());
        assertThat(new AugmentationPlan(3, 36, 0, 1).copies(TWO)).noneMatch(WorkItem::flip);
        assertThat(new AugmentationPlan(0, 36, 0.5, 1).copies(TWO)).isEmpty();
    }
}
