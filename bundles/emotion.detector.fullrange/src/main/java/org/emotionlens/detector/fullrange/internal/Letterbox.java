package org.emotionlens.detector.fullrange.internal;

import org.emotionlens.api.Image;

/**
 * The whole image into a square tensor-sized RGB picture, as MediaPipe's detector preprocessing does it on the CPU:
 * the image is centred in a square of side max(W, H) (letterbox, black outside: BORDER_ZERO), and tensor pixel
 * (i, j) samples that square at (i/S, j/S) of its side (corner-aligned), with OpenCV's 8-bit INTER_LINEAR fixed
 * point: the source position rounded to 1/32 px, four neighbours with integer weights summing to 1024, rounded half
 * up. The axis-aligned case of the rotated-ROI warp that the landmarker uses.
 *
 * <p>{@code zoomOut} &gt; 1 enlarges the square to {@code zoomOut * max(W, H)}: the image then fills only the middle
 * of the tensor, black around it, and its faces look smaller (farther) to the model. 1 is MediaPipe's preprocessing.
 */
final class Letterbox {
    private static final int BITS = 5;
    private static final int STEPS = 1 << BITS;

    private final int size;
    private final double zoomOut;

    Letterbox(int size, double zoomOut) {
        if (!(zoomOut >= 1) || Double.isInfinite(zoomOut)) {
            throw new IllegalArgumentException("zoom.out must be a number >= 1 (1 = the image fills the model's input), got "
                    + zoomOut);
        }
        this.size = size;
        this.zoomOut = zoomOut;
    }

    /** Side of the square around the image, in image pixels. */
    double side(int width, int height) {
        return Math.max(width, height) * zoomOut;
    }

    /** Image pixel x of tensor-normalised u. */
    double imageX(double u, int width, int height) {
        return width / 2.0 + side(width, height) * (u - 0.5);
    }

    /** Image pixel y of tensor-normalised v. */
    double imageY(double v, int width, int height) {
        return height / 2.0 + side(width, height) * (v - 0.5);
    }

    /** Fills {@code out} (size*size*3 floats) with the letterboxed image mapped to {@code k*scale + offset}. */
    void toTensor(Image image, float scale, float offset, float[] out) {
        final int iw = image.width();
        final int ih = image.height();
        final byte[] src = image.rgb();
        final double s = side(iw, ih);
        // top-left corner of the square and the step per tensor pixel, in float as OpenCV's corner points
        final float x0 = (float) (iw / 2.0 - s / 2);
        final float y0 = (float) (ih / 2.0 - s / 2);
        final double step = s / size;
        int o = 0;
        for (int j = 0; j < size; j++) {
            int ys = (int) Math.rint((y0 + step * j) * STEPS);
            int iy = ys >> BITS;
            int fy = ys & (STEPS - 1);
            for (int i = 0; i < size; i++) {
                int xs = (int) Math.rint((x0 + step * i) * STEPS);
                int ix = xs >> BITS;
                int fx = xs & (STEPS - 1);
                int w00 = (STEPS - fx) * (STEPS - fy);
                int w10 = fx * (STEPS - fy);
                int w01 = (STEPS - fx) * fy;
                int w11 = fx * fy;
                for (int c = 0; c < 3; c++) {
                    int v = sample(src, iw, ih, ix, iy, c) * w00 + sample(src, iw, ih, ix + 1, iy, c) * w10
                            + sample(src, iw, ih, ix, iy + 1, c) * w01 + sample(src, iw, ih, ix + 1, iy + 1, c) * w11;
                    out[o++] = ((v + 512) >> 10) * scale + offset;
                }
            }
        }
    }

    private static int sample(byte[] src, int iw, int ih, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= iw || y >= ih) {
            return 0;
        }
        return src[(y * iw + x) * 3 + c] & 0xff;
    }
}
