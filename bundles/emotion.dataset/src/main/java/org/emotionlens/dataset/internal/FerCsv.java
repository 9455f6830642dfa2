package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Kaggle's FER2013 CSV: header {@code emotion,pixels,Usage}, then one image a row. A data row's source index is
 * its position among the data rows counted from 0 (bad rows included, so indices do not shift when a row is bad):
 * the index is the file line number minus 2. Parsed with Commons CSV (a quoted header or cell reads as plain).
 */
final class FerCsv {
    static final String HEADER = "emotion,pixels,Usage";

    record Result(List<Sample> samples, int badRows, int dataRows) {
    }

    private FerCsv() {
    }

    /** Reads the rows {@code wanted} selects (all: {@code i -> true}); bad rows are reported to {@code warn} and skipped. */
    static Result read(Path file, LongPredicate wanted, PrintStream warn) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such file (expected FER2013's CSV, header '" + HEADER + "')");
        }
        List<Sample> out = new ArrayList<>();
        int[] bad = {0};
        int[] data = {0};
        boolean[] header = {false};
        Csv.forEachRow(file, StandardCharsets.ISO_8859_1, (lineNo, f) -> {
            if (!header[0]) {
                checkHeader(file, lineNo, String.join(",", f));
                header[0] = true;
                return;
            }
            long index = lineNo - 2;
            data[0]++;
            if (!wanted.test(index)) {
                return;
            }
            String problem = null;
            int code = -1;
            String split = null;
            byte[] px = null;
            if (f.length != 3) {
                problem = f.length + " columns, expected 3 (emotion,pixels,Usage)";
            } else {
                String e = f[0].trim();
                try {
                    code = Integer.parseInt(e);
                    if (code < 0 || code > 6) {
                        problem = "unknown emotion code " + code + " (expected 0..6)";
                    }
                } catch (NumberFormatException ex) {
                    problem = "emotion '" + abbreviate(e) + "' is not a number";
                }
                if (problem == null) {
                    split = Fer.splitOfUsage(f[2].trim());
                    if (split == null) {
                        problem = "Usage '" + abbreviate(f[2].trim()) + "' is not Training, PublicTest or PrivateTest";
                    }
                }
                if (problem == null) {
                    String[] p = f[1].trim().split("\\s+");
                    if (p.length != Fer.PIXELS) {
                        problem = p.length + " pixel values, expected " + Fer.PIXELS + " (48x48)";
                    } else {
                        px = new byte[Fer.PIXELS];
                        for (int i = 0; i < p.length && problem == null; i++) {
                            try {
                                int v = Integer.parseInt(p[i]);
                                if (v < 0 || v > 255) {
                                    problem = "pixel " + i + " = " + v + " is outside 0..255";
                                }
                                px[i] = (byte) v;
                            } catch (NumberFormatException ex) {
                                problem = "pixel " + i + " '" + abbreviate(p[i]) + "' is not a number";
                            }
                        }
                    }
                }
            }
            if (problem != null) {
                bad[0]++;
                warn.println(file + ":" + lineNo + ": skipped: " + problem);
                return;
            }
            out.add(new Sample(index, split, Fer.CLASSES.get(code), px, null));
        });
        if (!header[0]) {
            checkHeader(file, 1, null);
        }
        return new Result(out, bad[0], data[0]);
    }

    private static void checkHeader(Path file, long lineNo, String header) {
        String h = header == null ? "" : header.replace("\uFEFF", "").trim();
        if (lineNo != 1 || !h.equalsIgnoreCase(HEADER)) {
            throw new UsageException(file + ":" + lineNo + ": not a FER2013 CSV file: the header is '"
                    + (header == null ? "<empty file>" : abbreviate(header)) + "', expected '" + HEADER
                    + "' (Kaggle's fer2013.csv)");
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Reads only these rows (for the contact sheet). */
    static Result readRows(Path file, Set<Long> rows, PrintStream warn) throws IOException {
        return read(file, rows::contains, warn);
    }
}
