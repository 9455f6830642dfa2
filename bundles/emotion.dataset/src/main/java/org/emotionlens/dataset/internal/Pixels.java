package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.emotionlens.api.Image;
import org.emotionlens.api.image.ImageConversion;

/** FER2013's grey rows as images, the paper's two augmentations, and grey values of a crop. */
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
        return ImageConversion.read(file);
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
