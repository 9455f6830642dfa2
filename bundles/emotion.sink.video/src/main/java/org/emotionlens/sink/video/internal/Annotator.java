package org.emotionlens.sink.video.internal;

import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Image;
import org.emotionlens.api.Prediction;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Locale;
import java.util.Map;

/** Draws one frame's results on a BGR copy of its picture. Colours are per label so a viewer reads them at once. */
final class Annotator {
    /** Box colour per label; other labels (and faces without a prediction) are drawn in {@link #OTHER}. */
    static final Map<String, Color> COLOURS = Map.of(
            "happy", new Color(40, 210, 40),
            "sad", new Color(40, 110, 255),
            "unknown", new Color(235, 200, 30));
    static final Color OTHER = new Color(230, 230, 230);
    static final int LINE = 4;

    private final boolean landmarks;
    private final boolean bars;
    private final Font font = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    Annotator(boolean landmarks, boolean bars) {
        this.landmarks = landmarks;
        this.bars = bars;
    }

    static Color colour(Prediction p) {
        return p == null ? OTHER : COLOURS.getOrDefault(p.label(), OTHER);
    }

    BufferedImage draw(FrameResult result) {
        Image img = result.frame().image();
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        byte[] rgb = img.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            for (FaceResult fr : result.faces()) {
                drawFace(g, fr, img.width(), img.height());
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private void drawFace(Graphics2D g, FaceResult fr, int w, int h) {
        Face face = fr.face();
        Prediction p = fr.prediction();
        Color c = colour(p);
        if (landmarks && face.landmarks() != null) {
            g.setColor(new Color(255, 255, 255, 160));
            float[] lm = face.landmarks();
            for (int i = 0; i + 2 < lm.length; i += 3) {
                g.fillRect(Math.round(lm[i] * w) - 1, Math.round(lm[i + 1] * h) - 1, 2, 2);
            }
        }
        Box b = face.box();
        if (b == null) {
            return;
        }
        int x = Math.round(b.x() * w);
        int y = Math.round(b.y() * h);
        int bw = Math.round(b.width() * w);
        int bh = Math.round(b.height() * h);
        g.setColor(c);
        g.setStroke(new BasicStroke(LINE));
        g.drawRect(x, y, bw, bh);
        String text = p == null ? "face " + face.trackId()
                : String.format(Locale.ROOT, "%s %.2f", p.label(), p.probabilities()[p.best()]);
        FontMetrics fm = g.getFontMetrics();
        int ty = y - LINE / 2 - fm.getHeight() >= 0 ? y - LINE / 2 - fm.getHeight() : y + bh + LINE;
        g.fillRect(x - LINE / 2, ty, fm.stringWidth(text) + 8, fm.getHeight());
        g.setColor(Color.BLACK);
        g.drawString(text, x - LINE / 2 + 4, ty + fm.getAscent());
        if (bars && p != null) {
            int barW = Math.max(40, Math.min(120, bw));
            int by = y + bh + LINE + (ty > y ? fm.getHeight() : 0);
            for (int i = 0; i < p.labels().size(); i++) {
                int rowY = by + i * 9;
                g.setColor(new Color(0, 0, 0, 150));
                g.fillRect(x, rowY, barW, 7);
                g.setColor(COLOURS.getOrDefault(p.labels().get(i), OTHER));
                g.fillRect(x, rowY, Math.round(barW * Math.max(0f, Math.min(1f, p.probabilities()[i]))), 7);
            }
        }
    }
}
