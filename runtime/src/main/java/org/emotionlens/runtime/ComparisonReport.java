package org.emotionlens.runtime;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.imageio.ImageIO;

/**
 * The comparison of pipeline variants, computed from the prediction files they wrote (so anyone can recompute
 * it): frames, label distribution, stability, agreement between variants and, where truth labels are known (the
 * source's truth column or a labels file), accuracy, macro-F1 and the confusion matrix. Written as markdown, CSV
 * and PNG.
 */
final class ComparisonReport {
    static final List<String> LABELS = List.of("happy", "unknown", "sad");

    /** One prediction row: which frame and face, when, what was predicted, what is true (or null). */
    record Row(long frame, int face, long timestampMicros, String label, String truth) {
    }

    /** Figures of one variant: {@code seen} every frame in its file, {@code frames} those with a prediction. */
    record Variant(String name, TreeSet<Long> seen, List<Row> rows, Map<String, Long> labelCounts, long frames,
            double changesPerMinute,
            double meanDwellSeconds, Double accuracy, Double macroF1, long[][] confusion, Double fps,
            List<String> stages, List<String> latency) {
    }

    final List<Variant> variants = new ArrayList<>();
    /** Per variant, when truth comes from the images' label folders: every labelled frame, no face as an error. */
    final Map<String, EndToEndScore> endToEnd = new LinkedHashMap<>();
    final double[][] agreement;
    final boolean sameFrames;

    ComparisonReport(Map<String, Path> predictionFiles, Map<String, String> labelsByKey,
            Map<String, Map<String, Object>> pipelineProps) throws IOException {
        this(predictionFiles, labelsByKey, false, pipelineProps);
    }

    ComparisonReport(Map<String, Path> predictionFiles, Map<String, String> labelsByKey, boolean folderLabels,
            Map<String, Map<String, Object>> pipelineProps) throws IOException {
        for (Map.Entry<String, Path> e : predictionFiles.entrySet()) {
            Map<String, Object> props = pipelineProps.getOrDefault(e.getKey(), Map.of());
            variants.add(variant(e.getKey(), framesIn(e.getValue()), read(e.getValue(), labelsByKey, folderLabels),
                    props));
            if (folderLabels) {
                EndToEndScore score = EndToEndScore.of(e.getValue());
                if (score == null) {
                    throw new IOException(e.getValue() + ": no frame comes from a label folder (<label>/<image>, "
                            + "label happy, sad or a FER2013 class), so --labels folders has nothing to score");
                }
                endToEnd.put(e.getKey(), score);
            }
        }
        int n = variants.size();
        agreement = new double[n][n];
        boolean same = true;
        for (int i = 0; i < n; i++) {
            Map<String, String> a = byKey(variants.get(i).rows());
            for (int j = 0; j < n; j++) {
                Map<String, String> b = byKey(variants.get(j).rows());
                long both = 0;
                long equal = 0;
                for (Map.Entry<String, String> x : a.entrySet()) {
                    String y = b.get(x.getKey());
                    if (y != null) {
                        both++;
                        equal += y.equals(x.getValue()) ? 1 : 0;
                    }
                }
                agreement[i][j] = both == 0 ? Double.NaN : (double) equal / both;
            }
            same &= variants.get(i).seen().equals(variants.get(0).seen());
        }
        sameFrames = same;
    }

    private static Map<String, String> byKey(List<Row> rows) {
        Map<String, String> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.frame() + "/" + r.face(), r.label()));
        return m;
    }

    private static TreeSet<Long> frameSet(List<Row> rows) {
        TreeSet<Long> s = new TreeSet<>();
        rows.forEach(r -> s.add(r.frame()));
        return s;
    }

    /** Every frame index in a prediction file, with or without a face. */
    static TreeSet<Long> framesIn(Path csv) throws IOException {
        TreeSet<Long> frames = new TreeSet<>();
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            return frames;
        }
        int frame = List.of(lines.get(0).split(",", -1)).indexOf("frame");
        for (int i = 1; i < lines.size() && frame >= 0; i++) {
            frames.add(Long.parseLong(split(lines.get(i)).get(frame)));
        }
        return frames;
    }

    /** Reads the predictions of a prediction file of the file sink (CSV with header). */
    static List<Row> read(Path csv, Map<String, String> labelsByKey) throws IOException {
        return read(csv, labelsByKey, false);
    }

    static List<Row> read(Path csv, Map<String, String> labelsByKey, boolean folderLabels) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> header = List.of(lines.get(0).split(",", -1));
        int frame = header.indexOf("frame");
        int face = header.indexOf("face");
        int ts = header.indexOf("timestamp_us");
        int label = header.indexOf("label");
        int truth = header.indexOf("truth");
        int source = header.indexOf("source");
        if (frame < 0 || face < 0 || label < 0 || ts < 0) {
            throw new IOException(csv + " is not a prediction file (needs frame, face, timestamp_us, label)");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> c = split(lines.get(i));
            if (c.size() < header.size() || c.get(label).isEmpty() || c.get(face).isEmpty()) {
                continue; // frames without a face or without a prediction
            }
            long f = Long.parseLong(c.get(frame));
            int k = Integer.parseInt(c.get(face));
            String t = labelsByKey.get(f + "/" + k);
            if (t == null) {
                t = labelsByKey.get(Long.toString(f));
            }
            if (t == null && truth >= 0 && !c.get(truth).isEmpty()) {
                t = c.get(truth);
            }
            if (t == null && folderLabels && source >= 0) {
                t = EndToEndScore.truthOfPath(c.get(source));
            }
            rows.add(new Row(f, k, Long.parseLong(c.get(ts)), c.get(label), t));
        }
        return rows;
    }

    /** A labels file: header {@code frame,label} or {@code frame,face,label}; labels as names or codes 0-2. */
    static Map<String, String> readLabels(Path file) throws LaunchException {
        Map<String, String> m = new TreeMap<>();
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty()) {
                throw new LaunchException("labels file " + file + " is empty");
            }
            List<String> header = List.of(lines.get(0).trim().split(","));
            int frame = header.indexOf("frame");
            int face = header.indexOf("face");
            int label = header.indexOf("label");
            if (frame < 0 || label < 0) {
                throw new LaunchException("labels file " + file + ": the header must name 'frame' and 'label'"
                        + " (and optionally 'face'), got " + header);
            }
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String[] c = lines.get(i).trim().split(",");
                if (c.length < header.size()) {
                    throw new LaunchException(file + ":" + (i + 1) + ": expected " + header.size() + " columns");
                }
                String l = c[label].trim().toLowerCase(Locale.ROOT);
                if (l.matches("[0-2]")) {
                    l = LABELS.get(Integer.parseInt(l));
                }
                if (!LABELS.contains(l)) {
                    throw new LaunchException(file + ":" + (i + 1) + ": label '" + c[label] + "' is not one of "
                            + LABELS + " or 0-2");
                }
                m.put(face >= 0 ? c[frame].trim() + "/" + c[face].trim() : c[frame].trim(), l);
            }
            return m;
        } catch (IOException e) {
            throw new LaunchException("cannot read labels file " + file + ": " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new LaunchException("labels file " + file + ": " + e.getMessage());
        }
    }

    private static Variant variant(String name, TreeSet<Long> seen, List<Row> rows, Map<String, Object> props) {
        Map<String, Long> counts = new TreeMap<>();
        rows.forEach(r -> counts.merge(r.label(), 1L, Long::sum));
        // Stability per track: label changes over the track's time span, and how long a label is held.
        Map<Integer, List<Row>> tracks = new TreeMap<>();
        rows.forEach(r -> tracks.computeIfAbsent(r.face(), k -> new ArrayList<>()).add(r));
        long changes = 0;
        double spanSeconds = 0;
        List<Double> dwells = new ArrayList<>();
        for (List<Row> t : tracks.values()) {
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
        double dwell = dwells.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        Double accuracy = null;
        Double macroF1 = null;
        long[][] confusion = null;
        List<Row> labelled = rows.stream().filter(r -> r.truth() != null && LABELS.contains(r.truth())).toList();
        if (!labelled.isEmpty()) {
            confusion = new long[3][3];
            long correct = 0;
            for (Row r : labelled) {
                int p = LABELS.indexOf(r.label());
                if (p >= 0) {
                    confusion[LABELS.indexOf(r.truth())][p]++;
                }
                correct += r.label().equals(r.truth()) ? 1 : 0;
            }
            accuracy = (double) correct / labelled.size();
            macroF1 = macroF1(confusion);
        }
        Object fps = props.get("emotion.pipeline.fps");
        return new Variant(name, seen, rows, counts, frameSet(rows).size(), perMinute, dwell, accuracy, macroF1, confusion,
                fps instanceof Number n ? n.doubleValue() : null, strings(props.get("emotion.pipeline.stages")),
                strings(props.get("emotion.pipeline.latency.ms")));
    }

    static double macroF1(long[][] c) {
        double sum = 0;
        for (int k = 0; k < c.length; k++) {
            long tp = c[k][k];
            long predicted = 0;
            long actual = 0;
            for (int i = 0; i < c.length; i++) {
                predicted += c[i][k];
                actual += c[k][i];
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = actual == 0 ? 0 : (double) tp / actual;
            sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        return sum / c.length;
    }

    private static List<String> strings(Object o) {
        return o instanceof String[] a ? List.of(a) : List.of();
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString());
        return out;
    }

    // ---- output ------------------------------------------------------------------------------------------------

    void write(Path dir, String command) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), markdown(command));
        StringBuilder csv = new StringBuilder("variant,frames,faces,happy,unknown,sad,changes_per_minute,"
                + "mean_dwell_s,accuracy,macro_f1,fps\n");
        for (Variant v : variants) {
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
        ImageIO.write(plot(), "png", dir.resolve("report.png").toFile());
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
        for (Variant v : variants) {
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
        for (Variant v : variants) {
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

    /** Label distribution per variant (stacked bars) and the agreement matrix (heat map). */
    private BufferedImage plot() {
        int n = variants.size();
        int w = 900;
        int h = 420;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Label distribution", 40, 28);
        g.drawString("Agreement", 520, 28);
        Color[] colors = {new Color(0xF2B134), new Color(0x9E9E9E), new Color(0x3F7FBF)};
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int barW = Math.max(20, 360 / Math.max(1, n) - 16);
        for (int i = 0; i < n; i++) {
            Variant v = variants.get(i);
            long total = Math.max(1, v.rows().size());
            int x = 50 + i * (barW + 16);
            int y = 360;
            for (int k = 0; k < 3; k++) {
                int hh = (int) Math.round(300.0 * v.labelCounts().getOrDefault(LABELS.get(k), 0L) / total);
                g.setColor(colors[k]);
                g.fillRect(x, y - hh, barW, hh);
                y -= hh;
            }
            g.setColor(Color.BLACK);
            g.drawString(v.name(), x, 380);
            if (v.accuracy() != null) {
                g.drawString(String.format(Locale.ROOT, "acc %.3f", v.accuracy()), x, 396);
            }
        }
        for (int k = 0; k < 3; k++) {
            g.setColor(colors[k]);
            g.fillRect(50 + k * 90, 404, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(LABELS.get(k), 64 + k * 90, 414);
        }
        int cell = Math.min(80, 320 / Math.max(1, n));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double a = Double.isNaN(agreement[i][j]) ? 0 : agreement[i][j];
                // Agreement between real variants lies mostly in 0.5-1: spread that range over the colour scale.
                int shade = (int) Math.round(255 * Math.max(0, Math.min(1, (1 - a) * 2)));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(540 + j * cell, 60 + i * cell, cell, cell);
                g.setColor(a > 0.6 ? Color.WHITE : Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.2f", a), 540 + j * cell + cell / 2 - 14,
                        60 + i * cell + cell / 2 + 4);
            }
            g.setColor(Color.BLACK);
            g.drawString(variants.get(i).name(), 540 + n * cell + 8, 60 + i * cell + cell / 2 + 4);
        }
        g.setStroke(new BasicStroke(1));
        g.dispose();
        return img;
    }
}
