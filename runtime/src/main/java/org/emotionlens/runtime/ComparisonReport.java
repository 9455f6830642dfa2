package org.emotionlens.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.emotionlens.lib.jfreechart.Charts;

/**
 * The comparison of pipeline variants, computed from the prediction files they wrote (so anyone can recompute
 * it): per variant its {@link VariantFigures}, the {@link AgreementMatrix} between variants and, with label
 * folders, the {@link EndToEndScore}. Written as markdown, CSV and PNG ({@link ComparisonChart}).
 */
final class ComparisonReport {
    static final List<String> LABELS = List.of("happy", "unknown", "sad");

    final List<VariantFigures> variants = new ArrayList<>();
    /** Per variant, when truth comes from the images' label folders: every labelled frame, no face as an error. */
    final Map<String, EndToEndScore> endToEnd = new LinkedHashMap<>();
    final double[][] agreement;
    final boolean sameFrames;

    ComparisonReport(Map<String, Path> predictionFiles, Map<String, String> labelsByKey, boolean folderLabels,
            Map<String, Map<String, Object>> pipelineProps) throws IOException {
        for (Map.Entry<String, Path> e : predictionFiles.entrySet()) {
            PredictionsFile file = PredictionsFile.read(e.getValue(), labelsByKey, folderLabels);
            variants.add(VariantFigures.of(e.getKey(), file, pipelineProps.getOrDefault(e.getKey(), Map.of())));
            if (folderLabels) {
                EndToEndScore score = EndToEndScore.of(file);
                if (score == null) {
                    throw new IOException(e.getValue() + ": no frame comes from a label folder (<label>/<image>, "
                            + "label happy, sad or a FER2013 class), so --labels folders has nothing to score");
                }
                endToEnd.put(e.getKey(), score);
            }
        }
        agreement = AgreementMatrix.of(variants);
        sameFrames = variants.stream().allMatch(v -> v.seen().equals(variants.get(0).seen()));
    }

    void write(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), markdown(command));
        StringBuilder csv = new StringBuilder("variant,frames,faces,happy,unknown,sad,changes_per_minute,"
                + "mean_dwell_s,accuracy,macro_f1,fps\n");
        for (VariantFigures v : variants) {
            csv.append(v.name()).append(',').append(v.frames()).append(',').append(v.rows().size());
            for (String l : LABELS) {
                csv.append(',').append(v.labelCounts().getOrDefault(l, 0L));
            }
            csv.append(String.format(Locale.ROOT, ",%.3f,%.3f,%s,%s,%s%n", v.changesPerMinute(), v.meanDwellSeconds(),
                    fmt(v.accuracy()), fmt(v.macroF1()), fmt(v.fps())));
        }
        Files.writeString(dir.resolve("report.csv"), csv.toString());
        StringBuilder agree = new StringBuilder("variant");
        variants.forEach(v -> agree.append(',').append(v.name()));
        agree.append('\n');
        for (int i = 0; i < variants.size(); i++) {
            agree.append(variants.get(i).name());
            for (int j = 0; j < variants.size(); j++) {
                agree.append(String.format(Locale.ROOT, ",%.4f", agreement[i][j]));
            }
            agree.append('\n');
        }
        Files.writeString(dir.resolve("agreement.csv"), agree.toString());
        if (!endToEnd.isEmpty()) {
            StringBuilder e2e = new StringBuilder("variant,images,no_face,accuracy,macro_f1,confusion\n");
            endToEnd.forEach((name, e) -> e2e.append(String.format(Locale.ROOT, "%s,%d,%d,%.6f,%.6f,\"%s\"%n", name,
                    e.frames(), e.noFace(), e.accuracy(), e.macroF1(), java.util.Arrays.deepToString(e.confusion()))));
            Files.writeString(dir.resolve("end-to-end.csv"), e2e.toString());
        }
        Charts.writePng(ComparisonChart.draw(variants, agreement), dir.resolve("report.png"));
    }

    private static String fmt(Double d) {
        return d == null ? "" : String.format(Locale.ROOT, "%.4f", d);
    }

    String markdown(String command) {
        StringBuilder b = new StringBuilder("# Comparison of pipeline variants\n\n");
        b.append("Made by `").append(command).append("`.\n\n");
        b.append(sameFrames ? "Every variant saw the same " + variants.get(0).seen().size() + " frames.\n\n"
                : "**The variants did not see the same frames** (see the frame counts).\n\n");
        b.append("| variant | frames with a face | faces | happy | unknown | sad | label changes/min | mean dwell (s) |"
                + " accuracy | macro-F1 | frames/s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (VariantFigures v : variants) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.2f | %.2f | %s | %s | %s |%n",
                    v.name(), v.frames(), v.rows().size(), v.labelCounts().getOrDefault("happy", 0L),
                    v.labelCounts().getOrDefault("unknown", 0L), v.labelCounts().getOrDefault("sad", 0L),
                    v.changesPerMinute(), v.meanDwellSeconds(), fmt(v.accuracy()), fmt(v.macroF1()),
                    v.fps() == null ? "" : String.format(Locale.ROOT, "%.1f", v.fps())));
        }
        b.append("\n## Agreement (share of faces given the same label)\n\n| |");
        variants.forEach(v -> b.append(' ').append(v.name()).append(" |"));
        b.append("\n|---|").append("---|".repeat(variants.size())).append('\n');
        for (int i = 0; i < variants.size(); i++) {
            b.append("| ").append(variants.get(i).name()).append(" |");
            for (int j = 0; j < variants.size(); j++) {
                b.append(String.format(Locale.ROOT, " %.3f |", agreement[i][j]));
            }
            b.append('\n');
        }
        if (!endToEnd.isEmpty()) {
            b.append("\n## End to end on the labelled images (truth from each image's folder)\n\nEvery image counts;"
                    + " an image in which no face was found is an error (column 'no face'). The frame's prediction is"
                    + " its first face's.\n\n| variant | images | no face | accuracy | macro-F1 | confusion (rows truth"
                    + " happy, unknown, sad; columns happy, unknown, sad, no face) |\n|---|---|---|---|---|---|\n");
            endToEnd.forEach((name, e) -> b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f | %s |%n",
                    name, e.frames(), e.noFace(), e.accuracy(), e.macroF1(),
                    java.util.Arrays.deepToString(e.confusion()))));
        }
        for (VariantFigures v : variants) {
            b.append("\n## ").append(v.name()).append("\n\n");
            v.stages().forEach(s -> b.append("- ").append(s).append('\n'));
            if (!v.latency().isEmpty()) {
                b.append("- ms per frame mean/p95: ").append(String.join(", ", v.latency())).append('\n');
            }
            if (v.confusion() != null) {
                b.append("\nConfusion matrix (rows truth, columns predicted):\n\n| | happy | unknown | sad |\n"
                        + "|---|---|---|---|\n");
                for (int t = 0; t < 3; t++) {
                    b.append("| ").append(LABELS.get(t));
                    for (int p = 0; p < 3; p++) {
                        b.append(" | ").append(v.confusion()[t][p]);
                    }
                    b.append(" |\n");
                }
            }
        }
        b.append("\nLabel changes per minute and dwell are per track (face), over source timestamps. Files:"
                + " report.csv, agreement.csv, report.png, <variant>/predictions.csv.\n");
        return b.toString();
    }
}
