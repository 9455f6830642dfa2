package org.emotionlens.detector.blazeface.internal;

/**
 * FACTS 1b: the 896 anchors of the short-range BlazeFace model. Strides 8, 16, 16, 16 on a 128x128 input, 2 anchors
 * per cell per layer, equal-stride layers merged; fixed anchor size, so every anchor is 1x1 and only the centres
 * matter. Order: layer group, row, column, anchor.
 */
final class SsdAnchors {
    static final int COUNT = 896;

    private SsdAnchors() {
    }

    /** Anchor centres as x0, y0, x1, y1, ... (normalised). */
    static float[] centres() {
        int[] strides = {8, 16, 16, 16};
        int inputSize = 128;
        float[] c = new float[COUNT * 2];
        int n = 0;
        int layer = 0;
        while (layer < strides.length) {
            int last = layer;
            int anchorsPerCell = 0;
            // consecutive layers with the same stride share one feature map; each adds 2 anchors per cell
            while (last < strides.length && strides[last] == strides[layer]) {
                anchorsPerCell += 2; // aspect ratio 1.0 plus the interpolated scale
                last++;
            }
            int fm = (int) Math.ceil((double) inputSize / strides[layer]);
            for (int y = 0; y < fm; y++) {
                for (int x = 0; x < fm; x++) {
                    for (int a = 0; a < anchorsPerCell; a++) {
                        c[n++] = (x + 0.5f) / fm;
                        c[n++] = (y + 0.5f) / fm;
                    }
                }
            }
            layer = last;
        }
        if (n != COUNT * 2) {
            throw new IllegalStateException("anchor count " + n / 2 + " != " + COUNT);
        }
        return c;
    }
}
