package org.emotionlens.dataset.internal;

import org.emotionlens.api.image.ImageConversion;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code dataset sheet}: the source images of chosen FER2013 rows (e.g. an evaluation's worst errors, found through
 * the source_index column) on one contact sheet, each captioned with its index, truth and prediction.
 */
final class Sheet {
    static final int CELL = 144;
    static final int CAPTION = 46;

    private Sheet() {
    }

    static int write(Path fer, List<Long> rows, Path predictions, Path outPng, int columns, PrintStream out,
            PrintStream err) throws IOException {
        FerCsv.Result r = FerCsv.readRows(fer, new LinkedHashSet<>(rows), err);
        Map<Long, Sample> byIndex = new HashMap<>();
        r.samples().forEach(s -> byIndex.put(s.sourceIndex(), s));
        Map<Long, String> predicted = predictions == null ? Map.of() : readPredictions(predictions);
        int n = rows.size();
        int cols = Math.min(columns, n);
        int rowsOfCells = (n + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * CELL, rowsOfCells * (CELL + CAPTION), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int missing = 0;
        for (int i = 0; i < n; i++) {
            long index = rows.get(i);
            int x = i % cols * CELL;
            int y = i / cols * (CELL + CAPTION);
            Sample s = byIndex.get(index);
            g.setColor(Color.BLACK);
            if (s == null) {
                missing++;
                err.println(fer + ": row " + index + " is not a good data row of this file (see the messages above)");
                g.drawString("row " + index + ": missing", x + 6, y + CELL / 2);
                continue;
            }
            g.drawImage(ImageConversion.toBufferedImage(Pixels.greyToRgb(s.grey48(), Fer.SIZE, Fer.SIZE)), x + 2, y + 2, CELL - 4,
                    CELL - 4, null);
            String truth = s.className() + " (" + Fer.LABELS3.get(Fer.toLabel3(Fer.CLASSES.indexOf(s.className()))) + ")";
            g.drawString("#" + index + " " + s.split(), x + 4, y + CELL + 10);
            g.drawString("truth: " + truth, x + 4, y + CELL + 23);
            String p = predicted.get(index);
            if (p != null) {
                boolean wrong = !p.equals(s.className()) && !p.equals(Fer.LABELS3.get(Fer.toLabel3(Fer.CLASSES.indexOf(s.className()))));
                g.setColor(wrong ? new Color(200, 0, 0) : new Color(0, 130, 0));
                g.drawString("predicted: " + p, x + 4, y + CELL + 36);
            }
        }
        g.dispose();
        if (outPng.getParent() != null) {
            Files.createDirectories(outPng.getParent());
        }
        Report.writePng(img, outPng);
        out.printf("wrote %s: %d images%s%n", outPng, n - missing, missing > 0 ? ", " + missing + " rows missing" : "");
        return missing > 0 ? 1 : 0;
    }

    /**
     * {@code source_index,prediction} rows (a header naming those columns is optional; other columns are ignored);
     * the prediction is a label name (happy, unknown, sad or a FER name) or a 3-class number 0/1/2.
     */
    static Map<Long, String> readPredictions(Path csv) throws IOException {
        Map<Long, String> out = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            int idxCol = 0;
            int predCol = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (lineNo == 1 && !f[0].trim().matches("\\d+")) {
                    List<String> h = List.of(f).stream().map(String::trim).toList();
                    idxCol = h.indexOf("source_index");
                    predCol = h.indexOf("prediction");
                    if (idxCol < 0 || predCol < 0) {
                        throw new UsageException(csv + ":1: header needs columns source_index and prediction, got " + h);
                    }
                    continue;
                }
                try {
                    String p = f[predCol].trim();
                    if (p.matches("[012]")) {
                        p = Fer.LABELS3.get(Integer.parseInt(p));
                    }
                    out.put(Long.parseLong(f[idxCol].trim()), p);
                } catch (RuntimeException e) {
                    throw new UsageException(csv + ":" + lineNo + ": expected source_index,prediction, got '"
                            + FerCsv.abbreviate(line) + "'");
                }
            }
        }
        return out;
    }
}
