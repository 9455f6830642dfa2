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
}
