package org.emotionlens.source.images.internal;

import org.emotionlens.api.Image;

import java.awt.image.BufferedImage;

/** BufferedImage to the API's packed 8-bit RGB. */
final class Images {
    private Images() {
    }

    static Image rgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0, j = 0; i < argb.length; i++) {
            int p = argb[i];
            rgb[j++] = (byte) (p >> 16);
            rgb[j++] = (byte) (p >> 8);
            rgb[j++] = (byte) p;
        }
        return new Image(w, h, rgb);
    }
}
