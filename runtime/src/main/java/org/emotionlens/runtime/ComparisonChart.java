package org.emotionlens.runtime;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** The comparison's picture: label distribution per variant (stacked bars) beside the agreement heat map. */
final class ComparisonChart {
    private ComparisonChart() {
    }

    /** Label distribution per variant (stacked bars) and the agreement matrix (heat map). */
    static BufferedImage draw(List<VariantFigures> variants, double[][] agreement) {
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
            VariantFigures v = variants.get(i);
            long total = Math.max(1, v.rows().size());
            int x = 50 + i * (barW + 16);
            int y = 360;
            for (int k = 0; k < 3; k++) {
                int hh = (int) Math.round(300.0 * v.labelCounts().getOrDefault(ComparisonReport.LABELS.get(k), 0L) / total);
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
            g.drawString(ComparisonReport.LABELS.get(k), 64 + k * 90, 414);
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
