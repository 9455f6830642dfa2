package org.emotionlens.dataset.internal;

import org.emotionlens.api.image.ImageConversion;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.emotionlens.lib.jfreechart.Charts;

/**
 * {@code dataset sheet}: the source images of chosen FER2013 rows (e.g. an evaluation's worst errors, found through
 * the source_index column) on one contact sheet, each captioned with its index, truth and prediction. A grid of
 * photos, not a chart: drawn with Java2D, written like the charts through lib.jfreechart's PNG writer.
 */
final class Sheet {
    static final int CELL = 144;
    static final int CAPTION = 46;

    private Sheet() {
    }

    /** The source rows of a FER2013 CSV or an image folder / zip (whose indices are those of its sorted listing). */
    static final class Source implements java.io.Closeable {
        private final Path path;
        private final ImageInput images;

        Source(Path fer, Path images) throws IOException {
            this.path = fer != null ? fer : images;
            this.images = fer != null ? null : ImageInput.open(images);
        }

        Map<Long, Sample> rows(java.util.Set<Long> wanted, PrintStream err) throws IOException {
            Map<Long, Sample> byIndex = new HashMap<>();
            if (images == null) {
                FerCsv.readRows(path, wanted, err).samples().forEach(s -> byIndex.put(s.sourceIndex(), s));
            } else {
                for (String split : Fer.SPLITS) {
                    List<Sample> all;
                    try {
                        all = images.samples(null, java.util.Set.of(split));
                    } catch (UsageException noImagesInSplit) {
                        continue;
                    }
                    all.stream().filter(s -> wanted.contains(s.sourceIndex())).forEach(s -> byIndex.put(s.sourceIndex(), s));
                }
            }
            return byIndex;
        }

        org.emotionlens.api.Image image(Sample s) throws IOException {
            return s.grey48() != null ? Pixels.greyToRgb(s.grey48(), Fer.SIZE, Fer.SIZE)
                    : ImageConversion.read(images.read(s.name()), s.name());
        }

        @Override
        public void close() throws IOException {
            if (images != null) {
                images.close();
            }
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    static int write(Source source, List<Long> rows, Path predictions, Path outPng, int columns, PrintStream out,
            PrintStream err) throws IOException {
        Map<Long, Sample> byIndex = source.rows(new LinkedHashSet<>(rows), err);
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
            if (index < 0) {
                continue;
            }
            if (s == null) {
                missing++;
                err.println(source + ": row " + index + " is not a good data row of this file (see the messages above)");
                g.drawString("row " + index + ": missing", x + 6, y + CELL / 2);
                continue;
            }
            g.drawImage(ImageConversion.toBufferedImage(source.image(s)), x + 2, y + 2, CELL - 4, CELL - 4, null);
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
        Charts.writePng(img, outPng);
        long empty = rows.stream().filter(i -> i < 0).count();
        out.printf("wrote %s: %d images%s%n", outPng, n - empty - missing, missing > 0 ? ", " + missing + " rows missing" : "");
        return missing > 0 ? 1 : 0;
    }

    /**
     * The first {@code perClass} originals of {@code split} per FER class (FER order) that the build dropped for
     * having no face, from its {@code dropped.csv}: the rows of a contact sheet with one line per class.
     */
    static List<Long> droppedPerClass(Path droppedCsv, String split, int perClass) throws IOException {
        Map<String, List<Long>> byClass = new java.util.LinkedHashMap<>();
        Fer.CLASSES.forEach(c -> byClass.put(c, new java.util.ArrayList<>()));
        boolean[] header = {false};
        Csv.forEachRow(droppedCsv, StandardCharsets.UTF_8, (line, f) -> {
            if (!header[0]) {
                String h = String.join(",", f);
                if (!h.startsWith("source_index,split,class,label,augmentation,reason")) {
                    throw new UsageException(droppedCsv + ": not the dropped.csv of dataset build (header " + h + ")");
                }
                header[0] = true;
                return;
            }
            // build writes the reason unquoted: a reason with commas spans the last cells, only its start matters here
            List<Long> list = f.length < 6 ? null : byClass.get(f[2]);
            if (list != null && f[1].equals(split) && f[4].equals("none") && f[5].startsWith("no face")
                    && list.size() < perClass) {
                list.add(Long.parseLong(f[0]));
            }
        });
        if (!header[0]) {
            throw new UsageException(droppedCsv + ": not the dropped.csv of dataset build (empty file)");
        }
        List<Long> rows = new java.util.ArrayList<>();
        for (List<Long> l : byClass.values()) {
            rows.addAll(l);
            for (int i = l.size(); i < perClass; i++) {
                rows.add(-1L); // an empty cell keeps one line per class
            }
        }
        return rows;
    }

    /**
     * {@code source_index,prediction} rows (a header naming those columns is optional; other columns are ignored);
     * the prediction is a label name (happy, unknown, sad or a FER name) or a 3-class number 0/1/2.
     */
    static Map<Long, String> readPredictions(Path csv) throws IOException {
        Map<Long, String> out = new HashMap<>();
        int[] cols = {0, 1};
        Csv.forEachRow(csv, StandardCharsets.UTF_8, (lineNo, f) -> {
            if (lineNo == 1 && !f[0].trim().matches("\\d+")) {
                List<String> h = List.of(f).stream().map(String::trim).toList();
                cols[0] = h.indexOf("source_index");
                cols[1] = h.indexOf("prediction");
                if (cols[0] < 0 || cols[1] < 0) {
                    throw new UsageException(csv + ":1: header needs columns source_index and prediction, got " + h);
                }
                return;
            }
            try {
                String p = f[cols[1]].trim();
                if (p.matches("[012]")) {
                    p = Fer.LABELS3.get(Integer.parseInt(p));
                }
                out.put(Long.parseLong(f[cols[0]].trim()), p);
            } catch (RuntimeException e) {
                throw new UsageException(csv + ":" + lineNo + ": expected source_index,prediction, got '"
                        + FerCsv.abbreviate(String.join(",", f)) + "'");
            }
        });
        return out;
    }
}
