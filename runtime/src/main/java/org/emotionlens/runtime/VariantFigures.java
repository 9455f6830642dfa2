package org.emotionlens.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Figures of one pipeline variant from its prediction file: frames seen and with a face, label distribution,
 * stability per track (label changes per minute, mean dwell) and, where truth is known, accuracy, macro-F1 and the
 * confusion matrix; with the pipeline's own speed figures.
 */
record VariantFigures(String name, TreeSet<Long> seen, List<PredictionsFile.Row> rows, Map<String, Long> labelCounts,
        long frames, double changesPerMinute, double meanDwellSeconds, Double accuracy, Double macroF1,
        long[][] confusion, Double fps, List<String> stages, List<String> latency) {

    static VariantFigures of(String name, PredictionsFile file, Map<String, Object> pipelineProps) {
        List<PredictionsFile.Row> rows = file.rows();
        Map<String, Long> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(r.label(), 1L, Long::sum));
        TreeSet<Long> withFace = new TreeSet<>();
        rows.forEach(r -> withFace.add(r.frame()));
        double[] stability = stability(rows);
        Double accuracy = null;
        Double macroF1 = null;
        long[][] confusion = null;
        List<PredictionsFile.Row> labelled = rows.stream()
                .filter(r -> r.truth() != null && ComparisonReport.LABELS.contains(r.truth())).toList();
        if (!labelled.isEmpty()) {
            confusion = new long[3][3];
            long correct = 0;
            for (PredictionsFile.Row r : labelled) {
                int p = ComparisonReport.LABELS.indexOf(r.label());
                if (p >= 0) {
                    confusion[ComparisonReport.LABELS.indexOf(r.truth())][p]++;
                }
                correct += r.label().equals(r.truth()) ? 1 : 0;
            }
            accuracy = (double) correct / labelled.size();
            macroF1 = EndToEndScore.macroF1(confusion);
        }
        Object fps = pipelineProps.get("emotion.pipeline.fps");
        return new VariantFigures(name, file.frames(), rows, counts, withFace.size(), stability[0], stability[1],
                accuracy, macroF1, confusion, fps instanceof Number n ? n.doubleValue() : null,
                strings(pipelineProps.get("emotion.pipeline.stages")),
                strings(pipelineProps.get("emotion.pipeline.latency.ms")));
    }

    /** Per track (face): label changes over the track's time span per minute, and how long a label is held. */
    static double[] stability(List<PredictionsFile.Row> rows) {
        Map<Integer, List<PredictionsFile.Row>> tracks = new TreeMap<>();
        rows.forEach(r -> tracks.computeIfAbsent(r.face(), k -> new ArrayList<>()).add(r));
        long changes = 0;
        double spanSeconds = 0;
        List<Double> dwells = new ArrayList<>();
        for (List<PredictionsFile.Row> t : tracks.values()) {
            t.sort((a, b) -> Long.compare(a.frame(), b.frame()));
            long period = t.size() > 1 ? (t.get(t.size() - 1).timestampMicros() - t.get(0).timestampMicros())
                    / (t.size() - 1) : 0;
            long runStart = t.get(0).timestampMicros();
            for (int i = 1; i < t.size(); i++) {
                if (!t.get(i).label().equals(t.get(i - 1).label())) {
                    changes++;
                    dwells.add((t.get(i).timestampMicros() - runStart) / 1e6);
                    runStart = t.get(i).timestampMicros();
                }
            }
            long end = t.get(t.size() - 1).timestampMicros() + period;
            dwells.add((end - runStart) / 1e6);
            spanSeconds += (end - t.get(0).timestampMicros()) / 1e6;
        }
        double perMinute = spanSeconds <= 0 ? 0 : changes / (spanSeconds / 60);
        return new double[] {perMinute, dwells.stream().mapToDouble(Double::doubleValue).average().orElse(0)};
    }

    private static List<String> strings(Object o) {
        return o instanceof String[] a ? List.of(a) : List.of();
    }
}
