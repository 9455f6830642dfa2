package org.emotionlens.geometry;

/**
 * SSD anchor centres for BlazeFace-style models with a fixed anchor size (every anchor is 1x1, so only centres
 * matter), as MediaPipe's SsdAnchorsCalculator lays them out: consecutive layers with the same stride share one
 * feature map of side ceil(input / stride); each layer adds one anchor per aspect ratio (here 1.0) plus one
 * interpolated anchor when interpolated_scale_aspect_ratio &gt; 0; order: layer group, row, column, anchor.
 *
 * <p>The full-range model (MediaPipe's face_detection_full_range graph): input 192, one layer of stride 4,
 * interpolated_scale_aspect_ratio 0, so a 48x48 map with one anchor per cell, 2304 anchors. The short-range model
 * (strides 8, 16, 16, 16 on 128, interpolated 1.0) gives its 896 with the same rule.
 */
public final class SsdAnchors {
    private SsdAnchors() {
    }

    /** Short range (FACTS 1b): 128x128 input, strides 8, 16, 16, 16, interpolated anchors: 896. */
    public static float[] shortRange() {
        return centres(128, new int[] {8, 16, 16, 16}, true);
    }

    /** Full range: 192x192 input, one stride-4 layer, one anchor per cell. */
    public static float[] fullRange() {
        return centres(192, new int[] {4}, false);
    }

    /**
     * Anchor centres as x0, y0, x1, y1, ... (normalised to the input).
     *
     * @param interpolated whether each layer adds the interpolated-scale anchor (interpolated_scale_aspect_ratio &gt; 0)
     */
    public static float[] centres(int inputSize, int[] strides, boolean interpolated) {
        int perLayer = interpolated ? 2 : 1; // aspect ratio 1.0, plus the interpolated one
        int count = 0;
        for (int s : strides) {
            int fm = (int) Math.ceil((double) inputSize / s);
            count += fm * fm * perLayer;
        }
        float[] c = new float[count * 2];
        int n = 0;
        int layer = 0;
        while (layer < strides.length) {
            int last = layer;
            int anchorsPerCell = 0;
            while (last < strides.length && strides[last] == strides[layer]) {
                anchorsPerCell += perLayer;
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
        return c;
    }
}
