package org.emotionlens.dataset.internal;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.emotionlens.api.Image;

/** Image conversions, the paper's two augmentations and the upscale before detection. */
final class Pixels {
    private Pixels() {
    }

    /** FER2013's 48x48 grey values as an RGB image (R = G = B). */
    static Image greyToRgb(byte[] grey, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = grey[i];
            rgb[3 * i + 1] = grey[i];
            rgb[3 * i + 2] = grey[i];
        }
        return new Image(w, h, rgb);
    }

    static Image read(Path file) throws IOException {
        BufferedImage bi = ImageIO.read(file.toFile());
        if (bi == null) {
            throw new IOException("not an image ImageIO can read (PNG, JPEG, BMP, GIF)");
        }
        return fromBuffered(bi);
    }

    static Image fromBuffered(BufferedImage bi) {
        return Image.fromArgb(bi.getWidth(), bi.getHeight(), bi.getRGB(0, 0, bi.getWidth(), bi.getHeight(), null, 0,
                bi.getWidth()));
    }

    static BufferedImage toBuffered(Image img) {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        byte[] p = img.rgb();
        int[] argb = new int[img.width() * img.height()];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = (p[3 * i] & 0xff) << 16 | (p[3 * i + 1] & 0xff) << 8 | (p[3 * i + 2] & 0xff);
        }
        bi.setRGB(0, 0, img.width(), img.height(), argb, 0, img.width());
        return bi;
    }

    /** Mirror left-right. */
    static Image flip(Image img) {
        int w = img.width();
        byte[] src = img.rgb();
        byte[] out = new byte[src.length];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(src, (y * w + x) * 3, out, (y * w + w - 1 - x) * 3, 3);
            }
        }
        return new Image(w, img.height(), out);
    }

    /**
     * Rotate about the centre by {@code degrees} (positive = counter-clockwise on screen), bilinear, with the
     * border filled by reflection as Keras' RandomRotation (which the paper used) does by default.
     */
    static Image rotate(Image img, double degrees) {
        int w = img.width();
        int h = img.height();
        double a = Math.toRadians(degrees);
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        byte[] src = img.rgb();
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // inverse map: the source point that lands on (x, y); y points down, so CCW on screen is -a here
                double dx = x - cx;
                double dy = y - cy;
                double sx = cx + cos * dx - sin * dy;
                double sy = cy + sin * dx + cos * dy;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - fx) * (1 - fy) * at(src, w, h, x0, y0, c) + fx * (1 - fy) * at(src, w, h, x0 + 1, y0, c)
                            + (1 - fx) * fy * at(src, w, h, x0, y0 + 1, c) + fx * fy * at(src, w, h, x0 + 1, y0 + 1, c);
                    out[(y * w + x) * 3 + c] = (byte) Math.min(255, Math.max(0, Math.round(v)));
                }
            }
        }
        return new Image(w, h, out);
    }

    private static int at(byte[] src, int w, int h, int x, int y, int c) {
        return src[(reflect(y, h) * w + reflect(x, w)) * 3 + c] & 0xff;
    }

    /** Keras' "reflect" fill: d c b a | a b c d | d c b a. */
    private static int reflect(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    /**
     * Bicubic upscale so that the longer side is {@code target} pixels; images already that large are kept. The
     * detector letterboxes any input to 128x128 and the landmark model cuts its own 256x256 crop, so the upscale only
     * changes how the 48x48 pixels are interpolated before those warps; which size finds most faces was measured on
     * the fixture (DatasetBench; docs/dataset/README.md), not derived.
     */
    static Image upscale(Image img, int target) {
        int longer = Math.max(img.width(), img.height());
        if (target <= 0 || longer >= target) {
            return img;
        }
        double s = (double) target / longer;
        int w = (int) Math.round(img.width() * s);
        int h = (int) Math.round(img.height() * s);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(toBuffered(img), 0, 0, w, h, null);
        g.dispose();
        return fromBuffered(out);
    }

    /** Grey value of each pixel (ITU-R BT.601 luma), for writing a face crop in FER2013's form. */
    static byte[] toGrey(Image img) {
        byte[] p = img.rgb();
        byte[] g = new byte[img.width() * img.height()];
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) Math.round(0.299 * (p[3 * i] & 0xff) + 0.587 * (p[3 * i + 1] & 0xff) + 0.114 * (p[3 * i + 2] & 0xff));
        }
        return g;
    }
}
