package org.emotionlens.api;

import java.util.Map;

/**
 * Figures of a pipeline run so far.
 *
 * @param frames        frames taken from the source
 * @param faces         faces seen
 * @param predictions   predictions made
 * @param dropped       frames dropped because a stage was too slow for a live source
 * @param retries       frames redone because a stage was swapped during the call
 * @param elapsedNanos  wall time since the first frame
 * @param stageMeanNanos mean time per call, per stage
 * @param stageP95Nanos  95th percentile time per call, per stage
 * @param labelCounts   predictions per label
 */
public record PipelineStats(long frames, long faces, long predictions, long dropped, long retries,
        long elapsedNanos, Map<String, Double> stageMeanNanos, Map<String, Double> stageP95Nanos,
        Map<String, Long> labelCounts) {
    public PipelineStats {
        stageMeanNanos = Map.copyOf(stageMeanNanos);
        stageP95Nanos = Map.copyOf(stageP95Nanos);
        labelCounts = Map.copyOf(labelCounts);
    }

    public double framesPerSecond() {
        return elapsedNanos <= 0 ? 0 : frames * 1e9 / elapsedNanos;
    }
}
