package org.emotionlens.sink.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.emotionlens.api.FrameResult;
import org.emotionlens.sink.web.testing.RealFrames;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** A pipeline's waiting frame (latest wins), dropped frames, frames/s and mean stage times. */
class PipelineSlotTest {
    @Test
    void latestFrameWinsAndEveryReplacedFrameCountsAsDropped() throws Exception {
        List<FrameResult> frames = RealFrames.load("test");
        PipelineSlot slot = new PipelineSlot("test");
        long t = 0;
        for (FrameResult r : frames) {
            slot.arrived(r, t += 40_000_000L); // 25 frames/s
        }
        assertThat(slot.accepted.get()).isEqualTo(frames.size());
        assertThat(slot.dropped.get()).isEqualTo(frames.size() - 1);
        assertThat(slot.pending.get()).isSameAs(frames.get(frames.size() - 1));
        assertThat(slot.framesPerSecond()).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void stageMeansWeighTheNewestByATenth() {
        PipelineSlot slot = new PipelineSlot("test");
        slot.stages(Map.of("classifier", 1_000_000L));
        slot.stages(Map.of("classifier", 2_000_000L));
        assertThat(slot.meanStageNanos().get("classifier")).isCloseTo(1_100_000.0, within(1e-6));
        assertThat(slot.framesPerSecond()).as("no frames yet").isZero();
    }
}
