package org.emotionlens.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A prediction file of the file sink (CSV with a header naming its columns), read with Commons CSV: every frame
 * it lists and its face rows. Frames without a face are rows with an empty face and label ({@code empty.frames}).
 */
final class PredictionsFile {
    /** One face row: which frame and face, when, what was predicted, what is true (or null), from which source. */
    record Row(long frame, int face, long timestampMicros, String label, String truth, String source) {
    }

    /** One line of the file: its frame and source, and the face row when the line has a prediction (else null). */
    record Line(long frame, String source, Row face) {
    }

    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    final Path path;
    final List<Line> lines;

    private PredictionsFile(Path path, List<Line> lines) {
        this.path = path;
        this.lines = lines;
    }

    /**
     * Reads a prediction file. Truth of a face comes, in this order, from {@code labelsByKey} ("frame/face" or
     * "frame"), the file's truth column, or (with {@code folderLabels}) the label folder of its source.
     */
    static PredictionsFile read(Path csv, Map<String, String> labelsByKey, boolean folderLabels) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser p = FORMAT.parse(in)) {
            if (p.getHeaderNames().isEmpty()) {
                return new PredictionsFile(csv, lines);
            }
            for (String c : List.of("frame", "face", "timestamp_us", "label")) {
                if (!p.getHeaderMap().containsKey(c)) {
                    throw new IOException(csv + " is not a prediction file of the file sink: it has no '" + c
                            + "' column (needs frame, face, timestamp_us, label)");
                }
            }
            for (CSVRecord r : p) {
                long frame = Long.parseLong(r.get("frame"));
                String source = value(r, "source");
                Row face = null;
                String label = value(r, "label");
                String faceIndex = value(r, "face");
                if (label != null && !label.isEmpty() && faceIndex != null && !faceIndex.isEmpty()) {
                    int k = Integer.parseInt(faceIndex);
                    String t = labelsByKey.get(frame + "/" + k);
                    if (t == null) {
                        t = labelsByKey.get(Long.toString(frame));
                    }
                    String column = value(r, "truth");
                    if (t == null && column != null && !column.isEmpty()) {
                        t = column;
                    }
                    if (t == null && folderLabels && source != null) {
                        t = EndToEndScore.truthOfPath(source);
                    }
                    face = new Row(frame, k, Long.parseLong(r.get("timestamp_us")), label, t, source);
                }
                lines.add(new Line(frame, source, face));
            }
        } catch (NumberFormatException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new IOException(csv + " is not a well-formed prediction file: " + e.getMessage(), e);
        }
        return new PredictionsFile(csv, List.copyOf(lines));
    }

    /** The face rows (lines with a prediction). */
    List<Row> rows() {
        return lines.stream().map(Line::face).filter(f -> f != null).toList();
    }

    /** Every frame index in the file, with or without a face. */
    TreeSet<Long> frames() {
        TreeSet<Long> s = new TreeSet<>();
        lines.forEach(l -> s.add(l.frame()));
        return s;
    }

    /** A cell, or null when the file has no such column or the line is too short. */
    private static String value(CSVRecord r, String column) {
        return r.isSet(column) ? r.get(column) : null;
    }
}
