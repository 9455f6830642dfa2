package org.emotionlens.source.images.internal;

import org.emotionlens.api.Image;

import java.awt.image.BufferedImage;

/** BufferedImage to the API's packed 8-bit RGB. */
final class Images {
    private Images() {
    }

    static Image rgb(BufferedImage img) {
        return Image.fromArgb(img.getWidth(), img.getHeight(), img.getRGB(0, 0, img.getWidth(), img.getHeight(),
                null, 0, img.getWidth()));
    }
}
