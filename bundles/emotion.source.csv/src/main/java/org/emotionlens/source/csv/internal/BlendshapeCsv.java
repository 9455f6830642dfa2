package org.emotionlens.source.csv.internal;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Emotions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Layout of a blendshape CSV, decided from its first line.
 * <ul>
 * <li>No header (the paper's files): 52 scores in MediaPipe order, the label code, and optionally a source index.</li>
 * <li>Header (the dataset pipeline's files): the 52 blendshape names in any order, {@code label}, optional
 * {@code source_index} and further columns that are ignored.</li>
 * </ul>
 * Labels are the paper's codes (0 happy, 1 unknown, 2 sad) or the label names.
 */
record BlendshapeCsv(boolean header, int columns, int[] scoreColumns, int labelColumn, int indexColumn) {

    /** A row that cannot be used; the message says why. */
    static final class BadRow extends Exception {
        private static final long serialVersionUID = 1L;

        BadRow(String message) {
            super(message);
        }
    }

    /** A parsed row. */
    record Row(float[] scores, String label, long sourceIndex) {
    }

    /** The layout from the cells of the file's first non-empty line. */
    static BlendshapeCsv detect(String[] cells) throws BadRow {
        if (cells.length > 0 && !looksNumeric(cells[0])) {
            return fromHeader(cells);
        }
        if (cells.length == Blendshapes.COUNT + 1 || cells.length == Blendshapes.COUNT + 2) {
            int[] scores = new int[Blendshapes.COUNT];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = i;
            }
            return new BlendshapeCsv(false, cells.length, scores, Blendshapes.COUNT,
                    cells.length == Blendshapes.COUNT + 2 ? Blendshapes.COUNT + 1 : -1);
        }
        throw new BadRow("the first line has " + cells.length + " columns; a blendshape CSV without header has "
                + (Blendshapes.COUNT + 1) + " (52 scores and a label) or " + (Blendshapes.COUNT + 2)
                + " (plus a source index); a file with a header names the 52 blendshapes and 'label'");
    }

    private static BlendshapeCsv fromHeader(String[] cells) throws BadRow {
        List<String> names = new ArrayList<>();
        for (String c : cells) {
            names.add(c.trim());
        }
        int[] scores = new int[Blendshapes.COUNT];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            scores[i] = names.indexOf(Blendshapes.NAMES.get(i));
            if (scores[i] < 0) {
                missing.add(Blendshapes.NAMES.get(i));
            }
        }
        int label = names.indexOf("label");
        if (!missing.isEmpty() || label < 0) {
            throw new BadRow("the header lacks " + (label < 0 ? "'label'" : "") + (label < 0 && !missing.isEmpty()
                    ? " and " : "") + (missing.isEmpty() ? "" : "the blendshape columns " + missing));
        }
        return new BlendshapeCsv(true, cells.length, scores, label, names.indexOf("source_index"));
    }

    Row parse(String[] cells) throws BadRow {
        if (cells.length != columns) {
            throw new BadRow("has " + cells.length + " columns, expected " + columns);
        }
        float[] values = new float[scoreColumns.length];
        for (int i = 0; i < values.length; i++) {
            String cell = cells[scoreColumns[i]].trim();
            try {
                values[i] = Float.parseFloat(cell);
            } catch (NumberFormatException e) {
                throw new BadRow("column " + (scoreColumns[i] + 1) + " (" + Blendshapes.NAMES.get(i)
                        + ") is not a number: '" + cell + "'");
            }
            if (!Float.isFinite(values[i])) {
                throw new BadRow("column " + (scoreColumns[i] + 1) + " (" + Blendshapes.NAMES.get(i)
                        + ") is not finite: '" + cell + "'");
            }
            if (values[i] < 0f || values[i] > 1f) {
                throw new BadRow("column " + (scoreColumns[i] + 1) + " (" + Blendshapes.NAMES.get(i) + ") is " + cell
                        + ", outside 0..1: blendshape scores are probabilities (is this a blendshape CSV, and are the"
                        + " columns in MediaPipe's order?)");
            }
        }
        String label = label(cells[labelColumn].trim());
        long index = -1;
        if (indexColumn >= 0) {
            String cell = cells[indexColumn].trim();
            try {
                index = (long) Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new BadRow("source index column " + (indexColumn + 1) + " is not a number: '" + cell + "'");
            }
        }
        return new Row(values, label, index);
    }

    private static String label(String cell) throws BadRow {
        String lower = cell.toLowerCase(Locale.ROOT);
        if (Emotions.LABELS.contains(lower)) {
            return lower;
        }
        try {
            double code = Double.parseDouble(cell);
            int c = (int) code;
            if (c == code && c >= 0 && c < Emotions.LABELS.size()) {
                return Emotions.LABELS.get(c);
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new BadRow("label '" + cell + "' is neither a code 0-2 (0 happy, 1 unknown, 2 sad) nor a label name");
    }

    private static boolean looksNumeric(String cell) {
        try {
            Double.parseDouble(cell.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A UTF-8 byte order mark, which some editors write at the start of a file. */
    static final char BOM = '\uFEFF';
}
