package org.emotionlens.train.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Emotions;

/**
 * Reads feature CSV files in three shapes. Without a header (the paper's files): 52 blendshape scores, label, and
 * an optional trailing image index. With a header naming blendshapes (the dataset pipeline): the 52 columns found
 * by name, plus {@code label} (0/1/2 or a label name); any extra columns (source_index, augmentation) are ignored.
 * With a header naming no blendshape (e.g. the dataset's {@code <split>-landmarks.csv}, lm0.x ...): every column
 * except label, source_index and augmentation is a feature, named by its header, in header order.
 */
public final class CsvData {
    public enum OnBadRow { SKIP, FAIL }

    private CsvData() { }

    /** Commons CSV's RFC 4180 reading; empty lines kept as records so that record numbers are line numbers. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

    /** Header columns that are never features. */
    static final List<String> NON_FEATURE_COLUMNS = List.of("label", "source_index", "augmentation");

    /** Landmark feature names as the landmarks extractor writes them: lm&lt;index&gt;.x|y|z. */
    private static final java.util.regex.Pattern LANDMARK_NAME = java.util.regex.Pattern.compile("lm\\d+\\.[xyz]");

    /**
     * The kind of feature vector a model reads: "landmarks" when every name is a landmark coordinate
     * (lm&lt;k&gt;.x|y|z), "blendshapes" when none is, and for columns side by side (blendshapes, then landmarks) the
     * kinds of the runs joined by '+', as emotion.features.concat names the vector it joins: "blendshapes+landmarks".
     */
    public static String featureKind(List<String> names) {
        if (names.isEmpty()) return "blendshapes";
        List<String> runs = new ArrayList<>();
        for (String n : names) {
            String kind = LANDMARK_NAME.matcher(n).matches() ? "landmarks" : "blendshapes";
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(kind)) runs.add(kind);
        }
        return String.join("+", runs);
    }

    public static Dataset read(Path file, int skipRows, OnBadRow onBad, PrintStream warnings) {
        if (!Files.isRegularFile(file)) throw new DataException(file + ": no such file");
        List<double[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        int bad = 0;
        List<String> featureNames = Blendshapes.NAMES; // a header without blendshape names replaces them
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = FORMAT.parse(r)) {
            int[] featureCols = null; // column of every feature, in featureNames order
            int labelCol = -1;
            int expectedCols = -1;
            int skipped = 0;
            for (CSVRecord rec : parser) {
                long lineNo = rec.getRecordNumber(); // = the line: empty lines are records too, no cell spans lines
                String[] f = rec.values();
                if (f.length == 1 && f[0].isBlank()) continue;
                if (featureCols == null) {
                    if (!isNumber(f[0].trim())) { // a header row names the columns
                        expectedCols = f.length;
                        List<String> header = new ArrayList<>();
                        for (String h : f) header.add(h.trim());
                        labelCol = header.indexOf("label");
                        if (labelCol < 0) throw new DataException(file + ":" + lineNo + ": header lacks a 'label' column");
                        boolean namesBlendshapes = header.stream().anyMatch(Blendshapes.NAMES::contains);
                        if (namesBlendshapes) { // a blendshape file must have all 52: a missing one is an error, not a narrower model
                            featureCols = new int[Blendshapes.COUNT];
                            for (int k = 0; k < Blendshapes.COUNT; k++) {
                                featureCols[k] = header.indexOf(Blendshapes.NAMES.get(k));
                                if (featureCols[k] < 0) throw new DataException(file + ":" + lineNo + ": header lacks blendshape column '" + Blendshapes.NAMES.get(k) + "'");
                            }
                        } else {
                            List<String> names = new ArrayList<>();
                            List<Integer> cols = new ArrayList<>();
                            for (int c = 0; c < header.size(); c++) {
                                String h = header.get(c);
                                if (NON_FEATURE_COLUMNS.contains(h)) continue;
                                if (h.isEmpty()) throw new DataException(file + ":" + lineNo + ": header column " + (c + 1) + " has no name");
                                if (names.contains(h)) throw new DataException(file + ":" + lineNo + ": header names column '" + h + "' twice");
                                names.add(h);
                                cols.add(c);
                            }
                            if (names.isEmpty()) throw new DataException(file + ":" + lineNo + ": header has no feature column besides " + NON_FEATURE_COLUMNS);
                            featureNames = List.copyOf(names);
                            featureCols = cols.stream().mapToInt(Integer::intValue).toArray();
                        }
                        continue;
                    }
                    if (f.length != 53 && f.length != 54)
                        throw new DataException(file + ":" + lineNo + ": " + f.length + " columns and no header; expected 52 blendshape scores, label[, index]");
                    expectedCols = f.length;
                    featureCols = new int[Blendshapes.COUNT];
                    for (int k = 0; k < featureCols.length; k++) featureCols[k] = k;
                    labelCol = 52;
                }
                if (skipped < skipRows) { skipped++; continue; }
                String problem = null;
                double[] row = new double[featureCols.length];
                int label = -1;
                if (f.length != expectedCols) {
                    problem = f.length + " columns, expected " + expectedCols;
                } else {
                    for (int k = 0; k < row.length && problem == null; k++) {
                        String s = f[featureCols[k]].trim();
                        try {
                            row[k] = Double.parseDouble(s);
                            if (!Double.isFinite(row[k])) problem = "score '" + s + "' of " + featureNames.get(k) + " is not finite";
                        } catch (NumberFormatException e) {
                            problem = "score '" + s + "' of " + featureNames.get(k) + " is not a number";
                        }
                    }
                    if (problem == null) {
                        String s = f[labelCol].trim();
                        label = parseLabel(s);
                        if (label < 0) problem = "label '" + s + "' is not 0, 1, 2 or one of " + Emotions.LABELS;
                    }
                }
                if (problem != null) {
                    bad++;
                    String msg = file + ":" + lineNo + ": " + problem;
                    if (onBad == OnBadRow.FAIL) throw new DataException(msg + " (use --on-bad-row skip to skip such rows)");
                    if (warnings != null && bad <= 20) warnings.println("skipping " + msg);
                    continue;
                }
                xs.add(row);
                ys.add(label);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage());
        }
        if (bad > 0 && warnings != null) warnings.println(file + ": skipped " + bad + " bad row(s)");
        Dataset.Source src = new Dataset.Source(file.toString(), xs.size(), sha256(file));
        return new Dataset(featureNames, xs.toArray(new double[0][]), ys.stream().mapToInt(Integer::intValue).toArray(), List.of(src));
    }

    /** 0/1/2 written any numeric way (the paper's files write 1.000000000000000000e+00) or a label name. */
    static int parseLabel(String s) {
        if (isNumber(s)) {
            double v = Double.parseDouble(s);
            return (v == 0 || v == 1 || v == 2) ? (int) v : -1;
        }
        return Emotions.LABELS.indexOf(s.toLowerCase(Locale.ROOT));
    }

    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw new DataException(file + ": cannot hash: " + e.getMessage());
        }
    }

    /** The paper's rule: keep a blendshape when its score exceeds threshold in more than minCount rows. */
    public static List<String> selectFeatures(Dataset train, double threshold, int minCount) {
        List<String> kept = new ArrayList<>();
        for (int k = 0; k < train.featureNames.size(); k++) {
            int count = 0;
            for (double[] row : train.x) if (row[k] > threshold) count++;
            if (count > minCount) kept.add(train.featureNames.get(k));
        }
        if (kept.isEmpty()) throw new DataException("feature selection (score > " + threshold + " in more than " + minCount + " rows) kept no blendshape: lower the threshold or the count");
        return kept;
    }
}
