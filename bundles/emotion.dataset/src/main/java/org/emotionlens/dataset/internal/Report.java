package org.emotionlens.dataset.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import javax.imageio.ImageIO;

import org.emotionlens.api.Blendshapes;

/**
 * The paper's feature selection (section 4.1: keep a blendshape when its score exceeds 0.4 in more than 100 rows)
 * with its figures: Figure 2 (one face's 52 scores as bars), Figure 5 (every row's scores per blendshape as a
 * scatter) and class counts. Reads build's CSVs (header with the blendshape names and {@code label}) or the paper's
 * headerless files (52 scores, label[, index]).
 */
final class Report {
    record Selection(int rows, int[] above, float[] max, double[] mean, List<String> kept) {
    }

    record Table(float[][] x, int[] y) {
    }

    private Report() {
    }

    static Table read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new UsageException(csv + ": no such file");
        }
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            int[] cols = null;
            int labelCol = 52;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (cols == null) {
                    cols = new int[Blendshapes.COUNT];
                    if (!isNumber(f[0].trim())) {
                        List<String> h = new ArrayList<>();
                        for (String s : f) {
                            h.add(s.trim());
                        }
                        for (int k = 0; k < cols.length; k++) {
                            cols[k] = h.indexOf(Blendshapes.NAMES.get(k));
                            if (cols[k] < 0) {
                                throw new UsageException(csv + ":" + lineNo + ": header lacks blendshape column '"
                                        + Blendshapes.NAMES.get(k) + "'");
                            }
                        }
                        labelCol = h.indexOf("label");
                        continue;
                    }
                    for (int k = 0; k < cols.length; k++) {
                        cols[k] = k;
                    }
                    if (f.length < 53) {
                        throw new UsageException(csv + ":" + lineNo + ": " + f.length
                                + " columns and no header; expected 52 blendshape scores and a label");
                    }
                }
                float[] x = new float[Blendshapes.COUNT];
                try {
                    for (int k = 0; k < x.length; k++) {
                        x[k] = Float.parseFloat(f[cols[k]].trim());
                    }
                    ys.add(labelCol >= 0 ? (int) Double.parseDouble(f[labelCol].trim()) : -1);
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new UsageException(csv + ":" + lineNo + ": not a row of 52 scores and a label: " + e.getMessage());
                }
                xs.add(x);
            }
        }
        int[] y = new int[ys.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ys.get(i);
        }
        return new Table(xs.toArray(float[][]::new), y);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Selection select(float[][] x, double threshold, int minCount) {
        int[] above = new int[Blendshapes.COUNT];
        float[] max = new float[Blendshapes.COUNT];
        double[] mean = new double[Blendshapes.COUNT];
        for (float[] row : x) {
            for (int k = 0; k < above.length; k++) {
                if (row[k] > threshold) {
                    above[k]++;
                }
                max[k] = Math.max(max[k], row[k]);
                mean[k] += row[k] / x.length;
            }
        }
        List<String> kept = new ArrayList<>();
        for (int k = 0; k < above.length; k++) {
            if (above[k] > minCount) {
                kept.add(Blendshapes.NAMES.get(k));
            }
        }
        return new Selection(x.length, above, max, mean, kept);
    }

    /** Selection CSV + markdown, Figure 2 for row {@code faceRow}, Figure 5, and class counts of the file. */
    static Selection run(Path csv, Path outDir, double threshold, int minCount, int faceRow) throws IOException {
        Table t = read(csv);
        if (t.x().length == 0) {
            throw new UsageException(csv + ": no data rows");
        }
        Files.createDirectories(outDir);
        Selection s = select(t.x(), threshold, minCount);
        StringBuilder c = new StringBuilder("index,blendshape,rows_above_threshold,max,mean,kept\n");
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# Blendshape selection: %s%n%nRule (paper, section 4.1): keep a blendshape "
                + "when its score is above %.2f in more than %d of the %d rows.%n%n**Kept: %d of 52.**%n%n",
                csv.getFileName(), threshold, minCount, s.rows(), s.kept().size()));
        md.append("| # | blendshape | rows > threshold | max | mean | kept |\n|---|---|---|---|---|---|\n");
        for (int k = 0; k < Blendshapes.COUNT; k++) {
            boolean kept = s.above()[k] > minCount;
            c.append(String.format(Locale.ROOT, "%d,%s,%d,%.4f,%.4f,%s%n", k, Blendshapes.NAMES.get(k), s.above()[k],
                    s.max()[k], s.mean()[k], kept));
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %.3f | %.3f | %s |%n", k, Blendshapes.NAMES.get(k),
                    s.above()[k], s.max()[k], s.mean()[k], kept ? "yes" : ""));
        }
        md.append("\nKept: ").append(String.join(", ", s.kept())).append("\n");
        int[] classCounts = new int[8];
        for (int y : t.y()) {
            if (y >= 0 && y < classCounts.length) {
                classCounts[y]++;
            }
        }
        md.append("\nRows per label value: ");
        for (int l = 0; l < classCounts.length; l++) {
            if (classCounts[l] > 0) {
                md.append(l).append(" = ").append(classCounts[l]).append("; ");
            }
        }
        md.append("\n");
        writeAtomically(outDir.resolve("selection.csv"), c.toString());
        writeAtomically(outDir.resolve("selection.md"), md.toString());
        int row = Math.min(Math.max(0, faceRow), t.x().length - 1);
        writePng(figure2(t.x()[row], "Figure 2: blendshape scores of row " + row + " of " + csv.getFileName()),
                outDir.resolve("figure2-row" + row + ".png"));
        writePng(figure5(t.x(), threshold, s, "Figure 5: scores of " + t.x().length + " rows of " + csv.getFileName()),
                outDir.resolve("figure5-scatter.png"));
        return s;
    }

    static BufferedImage figure2(float[] scores, String title) {
        int w = 1200;
        int h = 520;
        int left = 60;
        int bottom = 170;
        int top = 40;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        g.drawString(title, left, 22);
        int plotH = h - bottom - top;
        double bw = (w - left - 20) / (double) Blendshapes.COUNT;
        axes(g, left, top, w - 20, h - bottom, plotH);
        for (int k = 0; k < Blendshapes.COUNT; k++) {
            int x = (int) (left + k * bw);
            int bh = (int) Math.round(scores[k] * plotH);
            g.setColor(new Color(60, 110, 190));
            g.fillRect(x + 2, h - bottom - bh, (int) bw - 4, bh);
            label(g, Blendshapes.NAMES.get(k), (int) (x + bw / 2) + 4, h - bottom + 6);
        }
        g.dispose();
        return img;
    }

    static BufferedImage figure5(float[][] x, double threshold, Selection s, String title) {
        int w = 1200;
        int h = 560;
        int left = 60;
        int bottom = 170;
        int top = 40;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        g.drawString(title + " (dots; red line = threshold; kept names in blue)", left, 22);
        int plotH = h - bottom - top;
        double bw = (w - left - 20) / (double) Blendshapes.COUNT;
        axes(g, left, top, w - 20, h - bottom, plotH);
        Random jitter = new Random(1);
        g.setColor(new Color(30, 30, 30, 40));
        for (float[] row : x) {
            for (int k = 0; k < Blendshapes.COUNT; k++) {
                int px = (int) (left + k * bw + bw / 2 + (jitter.nextDouble() - 0.5) * bw * 0.6);
                int py = (int) (h - bottom - row[k] * plotH);
                g.fillRect(px - 1, py - 1, 2, 2);
            }
        }
        g.setColor(Color.RED);
        int ty = (int) (h - bottom - threshold * plotH);
        g.drawLine(left, ty, w - 20, ty);
        for (int k = 0; k < Blendshapes.COUNT; k++) {
            g.setColor(s.kept().contains(Blendshapes.NAMES.get(k)) ? new Color(20, 60, 200) : Color.GRAY);
            label(g, Blendshapes.NAMES.get(k), (int) (left + k * bw + bw / 2) + 4, h - bottom + 6);
        }
        g.dispose();
        return img;
    }

    /** Rows per split and label as a CSV and a grouped bar chart. */
    static void classCounts(Counts counts, List<String> labels, Path outDir) throws IOException {
        StringBuilder csv = new StringBuilder("split," + String.join(",", labels) + ",total\n");
        int maxCount = 1;
        for (String split : Fer.SPLITS) {
            csv.append(split);
            for (String l : labels) {
                csv.append(',').append(counts.get("rows", split, l));
                maxCount = Math.max(maxCount, counts.get("rows", split, l));
            }
            csv.append(',').append(counts.total("rows", split)).append('\n');
        }
        writeAtomically(outDir.resolve("class-counts.csv"), csv.toString());
        int w = 160 + 3 * (labels.size() * 40 + 40);
        int h = 360;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        g.drawString("Rows per split and label", 20, 20);
        int base = h - 60;
        int plotH = h - 110;
        Color[] palette = {new Color(230, 160, 30), new Color(120, 120, 120), new Color(50, 100, 200), new Color(200, 60, 60),
            new Color(60, 160, 80), new Color(150, 80, 180), new Color(40, 170, 170)};
        int x = 60;
        for (String split : Fer.SPLITS) {
            g.setColor(Color.BLACK);
            g.drawString(split, x, base + 20);
            for (int i = 0; i < labels.size(); i++) {
                int n = counts.get("rows", split, labels.get(i));
                int bh = (int) Math.round((double) n / maxCount * plotH);
                g.setColor(palette[i % palette.length]);
                g.fillRect(x + i * 40, base - bh, 34, bh);
                g.setColor(Color.BLACK);
                g.drawString(Integer.toString(n), x + i * 40, base - bh - 4);
            }
            x += labels.size() * 40 + 40;
        }
        for (int i = 0; i < labels.size(); i++) {
            g.setColor(palette[i % palette.length]);
            g.fillRect(x, 40 + i * 18, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), x + 16, 51 + i * 18);
        }
        g.setColor(Color.BLACK);
        g.drawLine(50, base, x - 30, base);
        g.dispose();
        writePng(img, outDir.resolve("class-counts.png"));
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        return g;
    }

    private static void axes(Graphics2D g, int left, int top, int right, int bottomY, int plotH) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, top, left, bottomY);
        g.drawLine(left, bottomY, right, bottomY);
        for (int i = 0; i <= 5; i++) {
            int y = bottomY - i * plotH / 5;
            g.drawLine(left - 4, y, left, y);
            g.drawString(String.format(Locale.ROOT, "%.1f", i / 5.0), left - 30, y + 4);
        }
    }

    /** Text written downwards (rotated 90 degrees) starting at (x, y). */
    private static void label(Graphics2D g, String text, int x, int y) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(Math.PI / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(text, 0, 0);
        g.setTransform(saved);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    static void writePng(BufferedImage img, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        if (!ImageIO.write(img, "png", tmp.toFile())) {
            throw new IOException("no PNG writer");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
