package org.emotionlens.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The truth labels given to {@code compare --labels <file>}: a CSV with header {@code frame,label} or
 * {@code frame,face,label}; labels as names or the paper's codes 0-2.
 */
final class LabelsFile {
    private LabelsFile() {
    }

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setTrim(true).setIgnoreEmptyLines(true).get();

    /** Labels by "frame/face" (or "frame" when the file has no face column). */
    static Map<String, String> read(Path file) throws LaunchException {
        Map<String, String> m = new TreeMap<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser p = FORMAT.parse(in)) {
            Map<String, Integer> header = p.getHeaderMap();
            if (header.isEmpty()) {
                throw new LaunchException("labels file " + file + " is empty");
            }
            if (!header.containsKey("frame") || !header.containsKey("label")) {
                throw new LaunchException("labels file " + file + ": the header must name 'frame' and 'label'"
                        + " (and optionally 'face'), got " + p.getHeaderNames());
            }
            boolean faces = header.containsKey("face");
            for (CSVRecord r : p) {
                long line = p.getCurrentLineNumber();
                if (r.size() < header.size()) {
                    throw new LaunchException(file + ":" + line + ": expected " + header.size() + " columns");
                }
                String l = r.get("label").toLowerCase(Locale.ROOT);
                if (l.matches("[0-2]")) {
                    l = ComparisonReport.LABELS.get(Integer.parseInt(l));
                }
                if (!ComparisonReport.LABELS.contains(l)) {
                    throw new LaunchException(file + ":" + line + ": label '" + r.get("label") + "' is not one of "
                            + ComparisonReport.LABELS + " or 0-2");
                }
                m.put(faces ? r.get("frame") + "/" + r.get("face") : r.get("frame"), l);
            }
            return m;
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new LaunchException("cannot read labels file " + file + ": " + e.getMessage());
        }
    }
}
