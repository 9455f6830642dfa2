package org.emotionlens.api;

import java.util.Objects;

/**
 * A decoded frame: 8-bit RGB, interleaved, row-major, no padding ({@code rgb.length == width * height * 3}).
 * The array is shared, not copied: stages must treat it as read-only.
 */
public record Image(int width, int height, byte[] rgb) {
    public Image {
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("RGB buffer has " + rgb.length + " bytes, expected " + (width * height * 3)
                    + " for " + width + "x" + height);
        }
    }

    /**
     * An image from packed 0xAARRGGBB pixels, row-major (what {@code java.awt.image.BufferedImage#getRGB} returns);
     * alpha is dropped.
     */
    public static Image fromArgb(int width, int height, int[] argb) {
        if (argb.length != width * height) {
            throw new IllegalArgumentException(argb.length + " pixels for " + width + "x" + height);
        }
        byte[] rgb = new byte[argb.length * 3];
        for (int i = 0, j = 0; i < argb.length; i++) {
            int p = argb[i];
            rgb[j++] = (byte) (p >> 16);
            rgb[j++] = (byte) (p >> 8);
            rgb[j++] = (byte) p;
        }
        return new Image(width, height, rgb);
    }
}
