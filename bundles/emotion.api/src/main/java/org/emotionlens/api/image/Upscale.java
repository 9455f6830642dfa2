package org.emotionlens.api.image;

import org.emotionlens.api.Image;

/**
 * Bicubic enlargement of small pictures (FER2013's 48x48) before face detection.
 *
 * <p>Written out rather than left to Java2D so that the result is the same on every JDK and can be reproduced
 * exactly elsewhere: the parity fixtures run Google's MediaPipe in Chromium on the same enlarged pixels, computed
 * by a JavaScript copy of this code ({@code bundles/emotion.landmarker/parity/upscale.mjs}) with the same
 * double-precision operations in the same order. Keys' cubic convolution (a = -0.5), separable (rows, then
 * columns), pixel centres aligned, edges clamped, rounded half up and clamped to 0..255 at the end.
 */
public final class Upscale {
    private Upscale() {
    }

    /** The image enlarged so that its longer side is {@code target} pixels; unchanged when already that large or target <= 0. */
    public static Image toLongerSide(Image img, int target) {
        int longer = Math.max(img.width(), img.height());
        if (target <= 0 || longer >= target) {
            return img;
        }
        double s = (double) target / longer;
        return bicubic(img, (int) Math.round(img.width() * s), (int) Math.round(img.height() * s));
    }

    /** The image resampled to {@code ow x oh}. */
    public static Image bicubic(Image img, int ow, int oh) {
        int w = img.width();
        int h = img.height();
        byte[] src = img.rgb();
        // rows: w x h -> ow x h
        double[] tmp = new double[ow * h * 3];
        for (int x = 0; x < ow; x++) {
            double pos = (x + 0.5) * w / ow - 0.5;
            int x0 = (int) Math.floor(pos);
            double[] k = weights(pos - x0);
            for (int y = 0; y < h; y++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int i = 0; i < 4; i++) {
                        v += k[i] * (src[(y * w + clamp(x0 - 1 + i, w)) * 3 + c] & 0xff);
                    }
                    tmp[(y * ow + x) * 3 + c] = v;
                }
            }
        }
        // columns: ow x h -> ow x oh
        byte[] out = new byte[ow * oh * 3];
        for (int y = 0; y < oh; y++) {
            double pos = (y + 0.5) * h / oh - 0.5;
            int y0 = (int) Math.floor(pos);
            double[] k = weights(pos - y0);
            for (int x = 0; x < ow; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 0;
                    for (int i = 0; i < 4; i++) {
                        v += k[i] * tmp[(clamp(y0 - 1 + i, h) * ow + x) * 3 + c];
                    }
                    long r = (long) Math.floor(v + 0.5);
                    out[(y * ow + x) * 3 + c] = (byte) Math.max(0, Math.min(255, r));
                }
            }
        }
        return new Image(ow, oh, out);
    }

    /** Weights of the 4 neighbours at offsets -1, 0, 1, 2 for a point t (0 <= t < 1) past the first. */
    private static double[] weights(double t) {
        return new double[] {cubic(t + 1), cubic(t), cubic(1 - t), cubic(2 - t)};
    }

    /** Keys' kernel with a = -0.5. */
    static double cubic(double d) {
        double x = Math.abs(d);
        if (x <= 1) {
            return 1.5 * x * x * x - 2.5 * x * x + 1;
        }
        if (x < 2) {
            return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
        }
        return 0;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }
}
