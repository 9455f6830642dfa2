package org.emotionlens.pipeline.internal;

import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.PipelineStats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run did: frames, faces and predictions as the sinks received them (so the summary counts exactly what
 * the outputs hold), per-stage times, label counts, dropped frames and redone calls; and the summary line.
 * Written by the loop and sink threads, read by anyone: every method holds the lock.
 */
final class RunMetrics {
    static final String STAGE_SINKS = "sinks";
    private static final List<String> STAGE_ORDER = List.of("source", "detector", "landmarker", "features",
            "classifier", "filter", STAGE_SINKS);

    private final Map<String, LatencyRecorder> latency = new LinkedHashMap<>();
    /** Live sources: from a frame's arrival to its prediction (waiting for the loop included). */
    private final LatencyRecorder liveLatency = new LatencyRecorder();
    private final Map<String, Long> labelCounts = new TreeMap<>();
    private long frames;
    private long faces;
    private long predictions;
    private long retries;
    private long dropped;
    private long startNanos;
    private long endNanos;

    synchronized void started() {
        startNanos = System.nanoTime();
    }

    synchronized void ended() {
        endNanos = System.nanoTime();
    }

    synchronized boolean hasEnded() {
        return endNanos != 0;
    }

    /** Counts a frame every sink has taken; {@code sinkNanos} is the time the sinks spent on it. */
    synchronized void delivered(FrameResult result, long sinkNanos) {
        frames++;
        faces += result.faces().size();
        for (FaceResult f : result.faces()) {
            if (f.prediction() != null) {
                predictions++;
                labelCounts.merge(f.prediction().label(), 1L, Long::sum);
            }
        }
        result.stageNanos().forEach(this::record);
        record(STAGE_SINKS, sinkNanos);
    }

    private void record(String stage, long nanos) {
        latency.computeIfAbsent(stage, k -> new LatencyRecorder()).add(nanos);
    }

    synchronized void retried() {
        retries++;
    }

    /** Frames the source or the sinks' queue gave up so that a live run keeps up (a total, not an increment). */
    synchronized void dropped(long total) {
        dropped = total;
    }

    synchronized long frames() {
        return frames;
    }

    synchronized long predictions() {
        return predictions;
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized void liveLatency(long nanos) {
        liveLatency.add(nanos);
    }

    /** Live latency p50/p95 in milliseconds as the launchers read it from the service properties; null if none. */
    synchronized String liveLatencyProperty() {
        return liveLatency.count() == 0 ? null : String.format(Locale.ROOT, "p50=%.4f/p95=%.4f",
                liveLatency.percentile(0.5) / 1e6, liveLatency.percentile(0.95) / 1e6);
    }

    synchronized PipelineStats stats() {
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> p95 = new LinkedHashMap<>();
        latency.forEach((stage, rec) -> {
            mean.put(stage, rec.mean());
            p95.put(stage, rec.percentile(0.95));
        });
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return new PipelineStats(frames, faces, predictions, dropped, retries, startNanos == 0 ? 0 : end - startNanos,
                mean, p95, new TreeMap<>(labelCounts));
    }

    /** Stages in the order frames pass them, so that summaries read the same on every run. */
    static List<String> inStageOrder(Collection<String> stages) {
        List<String> out = new ArrayList<>(stages);
        out.sort(Comparator.comparingInt((String st) -> STAGE_ORDER.indexOf(st) < 0 ? STAGE_ORDER.size()
                : STAGE_ORDER.indexOf(st)).thenComparing(st -> st));
        return out;
    }

    /** The per-stage mean/p95 in milliseconds as the launchers read them from the service properties. */
    static String[] latencyProperty(PipelineStats s) {
        return inStageOrder(s.stageMeanNanos().keySet()).stream()
                .map(k -> String.format(Locale.ROOT, "%s=%.4f/%.4f", k, s.stageMeanNanos().get(k) / 1e6,
                        s.stageP95Nanos().get(k) / 1e6)).toArray(String[]::new);
    }

    /** The one line a run ends with: counts, labels, speed, stage times, drops, retries and the error if any. */
    String summary(String id, String outcome, String failure) {
        PipelineStats s = stats();
        StringBuilder b = new StringBuilder();
        b.append("pipeline ").append(id).append(' ').append(outcome).append(": ").append(s.frames())
                .append(" frames, ").append(s.faces()).append(" faces, ").append(s.predictions())
                .append(" predictions");
        if (!s.labelCounts().isEmpty()) {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(s.labelCounts()).forEach((label, n) -> parts.add(label + " " + n));
            b.append(" (").append(String.join(", ", parts)).append(')');
        }
        b.append(String.format(Locale.ROOT, " in %.2f s, %.1f frames/s", s.elapsedNanos() / 1e9, s.framesPerSecond()));
        if (!s.stageMeanNanos().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (String stage : inStageOrder(s.stageMeanNanos().keySet())) {
                parts.add(String.format(Locale.ROOT, "%s %.3f/%.3f", stage, s.stageMeanNanos().get(stage) / 1e6,
                        s.stageP95Nanos().get(stage) / 1e6));
            }
            b.append("; ms per frame mean/p95: ").append(String.join(", ", parts));
        }
        synchronized (this) {
            if (liveLatency.count() > 0) {
                b.append(String.format(Locale.ROOT, "; live latency from frame arrival to prediction ms p50/p95:"
                        + " %.3f/%.3f", liveLatency.percentile(0.5) / 1e6, liveLatency.percentile(0.95) / 1e6));
            }
        }
        if (s.dropped() > 0) {
            b.append("; ").append(s.dropped()).append(" live frames dropped (a stage was slower than the source)");
        }
        if (s.retries() > 0) {
            b.append("; ").append(s.retries()).append(" calls redone after a stage swap");
        }
        if (failure != null) {
            b.append("; error: ").append(failure);
        }
        return b.toString();
    }
}
