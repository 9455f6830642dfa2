package org.emotionlens.train.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** PNG charts drawn with java.awt (headless): line curves, a confusion matrix, grouped bars. */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Plots() { }

    /** When set, written small at the bottom of every chart (the benches put the command that made it here). */
    public static volatile String caption;

    /** A named series of (x, y) points. */
    public record Series(String name, double[] x, double[] y) { }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        String c = caption;
        if (c != null) {
            g.setColor(Color.GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            g.drawString(c, 6, img.getHeight() - 5);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static void save(BufferedImage img, Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new DataException(file + ": cannot write PNG: " + e.getMessage());
        }
    }

    /** Line chart of several series; several panels side by side (e.g. loss, accuracy). */
    public static void lines(Path file, String title, List<String> panelTitles, List<List<Series>> panels) {
        int pw = 460, ph = 340;
        BufferedImage img = new BufferedImage(pw * panels.size(), ph + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setColor(Color.BLACK);
        g.drawString(title, 10, 18);
        for (int p = 0; p < panels.size(); p++) {
            int ox = p * pw + 55, oy = 50, w = pw - 75, h = ph - 70;
            double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            for (Series s : panels.get(p))
                for (int k = 0; k < s.x().length; k++) {
                    if (!Double.isFinite(s.y()[k])) continue;
                    minX = Math.min(minX, s.x()[k]); maxX = Math.max(maxX, s.x()[k]);
                    minY = Math.min(minY, s.y()[k]); maxY = Math.max(maxY, s.y()[k]);
                }
            if (minX > maxX) continue;
            if (maxX == minX) maxX = minX + 1;
            if (maxY == minY) { maxY += 0.01; minY -= 0.01; }
            double pad = (maxY - minY) * 0.05; minY -= pad; maxY += pad;
            g.setColor(Color.BLACK);
            g.drawString(panelTitles.get(p), ox, oy - 12);
            g.drawRect(ox, oy, w, h);
            g.setColor(new Color(0xdddddd));
            for (int t = 1; t < 5; t++) g.drawLine(ox + 1, oy + h * t / 5, ox + w - 1, oy + h * t / 5);
            g.setColor(Color.DARK_GRAY);
            for (int t = 0; t <= 5; t++) {
                double v = maxY - (maxY - minY) * t / 5;
                g.drawString(String.format(Locale.ROOT, "%.3f", v), ox - 50, oy + h * t / 5 + 4);
            }
            g.drawString(String.format(Locale.ROOT, "%.0f", minX), ox, oy + h + 16);
            g.drawString(String.format(Locale.ROOT, "%.0f", maxX), ox + w - 20, oy + h + 16);
            int si = 0;
            for (Series s : panels.get(p)) {
                Color c = PALETTE[si % PALETTE.length];
                g.setColor(c);
                g.setStroke(new BasicStroke(1.6f));
                int px = -1, py = -1;
                for (int k = 0; k < s.x().length; k++) {
                    if (!Double.isFinite(s.y()[k])) continue;
                    int x = ox + (int) Math.round((s.x()[k] - minX) / (maxX - minX) * w);
                    int y = oy + (int) Math.round((maxY - s.y()[k]) / (maxY - minY) * h);
                    if (px >= 0) g.drawLine(px, py, x, y);
                    px = x; py = y;
                }
                g.setColor(Color.WHITE);
                g.fillRect(ox + w - 154, oy + 3 + 16 * si, 150, 15);
                g.setColor(c);
                g.fillRect(ox + w - 150, oy + 8 + 16 * si, 12, 3);
                g.drawString(s.name(), ox + w - 134, oy + 13 + 16 * si);
                si++;
            }
            g.setStroke(new BasicStroke(1f));
        }
        g.dispose();
        save(img, file);
    }

    /** Confusion matrix heat map with counts; rows = truth. */
    public static void confusion(Path file, String title, List<String> labels, int[][] m) {
        int cell = 90, ox = 110, oy = 70;
        int n = labels.size();
        BufferedImage img = new BufferedImage(Math.max(640, ox + cell * n + 30), oy + cell * n + 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setColor(Color.BLACK);
        g.drawString(title, 10, 18);
        g.drawString("predicted", ox + cell * n / 2 - 25, 40);
        for (int r = 0; r < n; r++) {
            int rowSum = 0;
            for (int c = 0; c < n; c++) rowSum += m[r][c];
            for (int c = 0; c < n; c++) {
                double frac = rowSum == 0 ? 0 : (double) m[r][c] / rowSum;
                int shade = (int) Math.round(255 - 200 * frac);
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(ox + c * cell, oy + r * cell, cell, cell);
                g.setColor(frac > 0.6 ? Color.WHITE : Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
                g.drawString(String.valueOf(m[r][c]), ox + c * cell + cell / 2 - 15, oy + r * cell + cell / 2 + 6);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            }
            g.setColor(Color.BLACK);
            g.drawString(labels.get(r), 20, oy + r * cell + cell / 2 + 4);
            g.drawString(labels.get(r), ox + r * cell + 20, oy - 8);
        }
        g.drawString("rows = truth", 20, oy + cell * n + 30);
        g.dispose();
        save(img, file);
    }

    /** Grouped bar chart: groups along x, one bar per series, optional horizontal reference lines. */
    public static void bars(Path file, String title, List<String> groups, List<String> series, double[][] values,
                            double[][] errors, double minY, double maxY, List<String> refNames, double[] refValues) {
        int gw = Math.max(60, 18 * series.size() + 24);
        int ox = 60, oy = 40, h = 300;
        int w = gw * groups.size();
        BufferedImage img = new BufferedImage(ox + w + 190, oy + h + 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setColor(Color.BLACK);
        g.drawString(title, 10, 18);
        g.drawRect(ox, oy, w, h);
        for (int t = 0; t <= 5; t++) {
            double v = maxY - (maxY - minY) * t / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(ox + 1, oy + h * t / 5, ox + w - 1, oy + h * t / 5);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", v), ox - 40, oy + h * t / 5 + 4);
        }
        int bw = (gw - 20) / Math.max(1, series.size());
        for (int gi = 0; gi < groups.size(); gi++) {
            for (int s = 0; s < series.size(); s++) {
                double v = values[gi][s];
                if (!Double.isFinite(v)) continue;
                int x = ox + gi * gw + 10 + s * bw;
                int y = oy + (int) Math.round((maxY - Math.max(minY, v)) / (maxY - minY) * h);
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(x, y, bw - 2, oy + h - y);
                if (errors != null && Double.isFinite(errors[gi][s]) && errors[gi][s] > 0) {
                    int e1 = oy + (int) Math.round((maxY - (v + errors[gi][s])) / (maxY - minY) * h);
                    int e2 = oy + (int) Math.round((maxY - (v - errors[gi][s])) / (maxY - minY) * h);
                    g.setColor(Color.BLACK);
                    g.drawLine(x + bw / 2 - 1, e1, x + bw / 2 - 1, e2);
                }
            }
            g.setColor(Color.BLACK);
            Graphics2D r = (Graphics2D) g.create();
            r.translate(ox + gi * gw + gw / 2 - 4, oy + h + 8);
            r.rotate(Math.PI / 4);
            r.drawString(groups.get(gi), 0, 0);
            r.dispose();
        }
        if (refValues != null) {
            float[] dash = {6f, 4f};
            for (int k = 0; k < refValues.length; k++) {
                int y = oy + (int) Math.round((maxY - refValues[k]) / (maxY - minY) * h);
                g.setColor(k == 0 ? Color.RED : Color.GRAY);
                g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
                g.drawLine(ox, y, ox + w, y);
                g.drawString(refNames.get(k), ox + w + 6, y + 4);
            }
            g.setStroke(new BasicStroke(1f));
        }
        for (int s = 0; s < series.size(); s++) {
            g.setColor(PALETTE[s % PALETTE.length]);
            // legend below the reference-line labels, which sit at their values on the right
            g.fillRect(ox + w + 10, oy + h - 18 * series.size() + 18 * s, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s), ox + w + 28, oy + h - 18 * series.size() + 11 + 18 * s);
        }
        g.dispose();
        save(img, file);
    }

    /** Training curves of a run: loss and validation accuracy / macro-F1 per epoch (member 0 and the rest). */
    public static void trainingCurves(Path png, Path csv, String title, List<Trainer.Epoch> history) {
        StringBuilder sb = new StringBuilder("member,epoch,train_loss,val_loss,val_accuracy,val_macro_f1,seconds\n");
        for (Trainer.Epoch e : history)
            sb.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.3f%n", e.member(), e.epoch(), e.trainLoss(), e.valLoss(), e.valAccuracy(), e.valMacroF1(), e.seconds()));
        try {
            if (csv.getParent() != null) Files.createDirectories(csv.getParent());
            Files.writeString(csv, sb.toString());
        } catch (IOException e) {
            throw new DataException(csv + ": cannot write: " + e.getMessage());
        }
        java.util.List<Series> loss = new java.util.ArrayList<>();
        java.util.List<Series> quality = new java.util.ArrayList<>();
        int members = history.stream().mapToInt(Trainer.Epoch::member).max().orElse(0) + 1;
        for (int m = 0; m < Math.min(members, 3); m++) {
            final int mm = m;
            List<Trainer.Epoch> h = history.stream().filter(e -> e.member() == mm).toList();
            double[] x = h.stream().mapToDouble(Trainer.Epoch::epoch).toArray();
            String tag = members > 1 ? " m" + m : "";
            loss.add(new Series("train" + tag, x, h.stream().mapToDouble(Trainer.Epoch::trainLoss).toArray()));
            loss.add(new Series("validation" + tag, x, h.stream().mapToDouble(Trainer.Epoch::valLoss).toArray()));
            quality.add(new Series("val accuracy" + tag, x, h.stream().mapToDouble(Trainer.Epoch::valAccuracy).toArray()));
            quality.add(new Series("val macro-F1" + tag, x, h.stream().mapToDouble(Trainer.Epoch::valMacroF1).toArray()));
        }
        lines(png, title, List.of("loss per epoch", "validation accuracy / macro-F1"), List.of(loss, quality));
    }
}
