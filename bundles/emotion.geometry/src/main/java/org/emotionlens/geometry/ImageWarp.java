package org.emotionlens.geometry;

import org.emotionlens.api.Image;

/**
 * FACTS 1a / 2c: the crop of a rotated ROI into a tensor-sized 8-bit RGB image, as OpenCV's warpPerspective with
 * INTER_LINEAR on 8-bit data does it (fixed point): the source position is rounded to 1/32 px, the 4 neighbours
 * get integer weights summing to 1024, the result is rounded half up. A float bilinear moves landmarks by up to
 * 1 px, so the fixed-point form matters. Tensor pixel (i, j) samples u = i/W_t, v = j/H_t (corner-aligned).
 */
public final class ImageWarp {
    private static final int BITS = 5;
    private static final int SIZE = 1 << BITS; // 32 sub-pixel steps

    private ImageWarp() {
    }

    /**
     * Warps {@code roi} of {@code image} into {@code out} (outW*outH*3 bytes, RGB).
     *
     * @param replicate true: BORDER_REPLICATE (edge pixels repeat); false: BORDER_ZERO (black outside)
     */
    public static void warp(Image image, PixelRoi roi, int outW, int outH, boolean replicate, byte[] out) {
        final int iw = image.width();
        final int ih = image.height();
        final byte[] src = image.rgb();
        // Corners as OpenCV's RotatedRect::points computes them (float arithmetic, angle in float degrees),
        // mapped to the tensor corners (0,H),(0,0),(W,0),(W,H): tensor pixel (i,j) samples p1 + (p2-p1)*i/W + (p0-p1)*j/H.
        final float cxf = (float) roi.cx();
        final float cyf = (float) roi.cy();
        final float wf = (float) roi.w();
        final float hf = (float) roi.h();
        final float degrees = (float) ((float) roi.rotation() * 180f / Math.PI);
        final double angle = degrees * Math.PI / 180.0;
        final float b = (float) Math.cos(angle) * 0.5f;
        final float a = (float) Math.sin(angle) * 0.5f;
        final float p0x = cxf - a * hf - b * wf;
        final float p0y = cyf + b * hf - a * wf;
        final float p1x = cxf + a * hf - b * wf;
        final float p1y = cyf - b * hf - a * wf;
        final float p2x = 2 * cxf - p0x;
        final float p2y = 2 * cyf - p0y;
        final double x0 = p1x;
        final double y0 = p1y;
        final double dxi = ((double) p2x - p1x) / outW;
        final double dyi = ((double) p2y - p1y) / outW;
        final double dxj = ((double) p0x - p1x) / outH;
        final double dyj = ((double) p0y - p1y) / outH;
        int o = 0;
        for (int j = 0; j < outH; j++) {
            for (int i = 0; i < outW; i++) {
                double x = x0 + dxi * i + dxj * j;
                double y = y0 + dyi * i + dyj * j;
                int xs = (int) Math.rint(x * SIZE);
                int ys = (int) Math.rint(y * SIZE);
                int ix = xs >> BITS;
                int iy = ys >> BITS;
                int fx = xs & (SIZE - 1);
                int fy = ys & (SIZE - 1);
                int w00 = (SIZE - fx) * (SIZE - fy);
                int w10 = fx * (SIZE - fy);
                int w01 = (SIZE - fx) * fy;
                int w11 = fx * fy;
                if (ix >= 0 && iy >= 0 && ix + 1 < iw && iy + 1 < ih) {
                    int p00 = (iy * iw + ix) * 3;
                    int p10 = p00 + 3;
                    int p01 = p00 + iw * 3;
                    int p11 = p01 + 3;
                    for (int c = 0; c < 3; c++) {
                        int s = (src[p00 + c] & 0xff) * w00 + (src[p10 + c] & 0xff) * w10
                                + (src[p01 + c] & 0xff) * w01 + (src[p11 + c] & 0xff) * w11;
                        out[o++] = (byte) ((s + 512) >> 10);
                    }
                } else {
                    for (int c = 0; c < 3; c++) {
                        int s = sample(src, iw, ih, ix, iy, c, replicate) * w00
                                + sample(src, iw, ih, ix + 1, iy, c, replicate) * w10
                                + sample(src, iw, ih, ix, iy + 1, c, replicate) * w01
                                + sample(src, iw, ih, ix + 1, iy + 1, c, replicate) * w11;
                        out[o++] = (byte) ((s + 512) >> 10);
                    }
                }
            }
        }
    }

    private static int sample(byte[] src, int iw, int ih, int x, int y, int c, boolean replicate) {
        if (x < 0 || y < 0 || x >= iw || y >= ih) {
            if (!replicate) {
                return 0;
            }
            x = Math.min(Math.max(x, 0), iw - 1);
            y = Math.min(Math.max(y, 0), ih - 1);
        }
        return src[(y * iw + x) * 3 + c] & 0xff;
    }

    /** 8-bit values to floats {@code k*scale + offset}, as OpenCV's convertTo after the warp (FACTS 1a). */
    public static void toFloat(byte[] pixels, float scale, float offset, float[] out) {
        for (int k = 0; k < pixels.length; k++) {
            out[k] = (pixels[k] & 0xff) * scale + offset;
        }
    }
}
