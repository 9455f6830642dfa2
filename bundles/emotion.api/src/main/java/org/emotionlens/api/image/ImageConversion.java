package org.emotionlens.api.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.emotionlens.api.Image;

/**
 * Decoded pictures to 8-bit RGB with the sample values the file stores.
 *
 * <p>Why not {@code BufferedImage.getRGB} alone: for a grey image (JPEG or PNG, colour space CS_GRAY) Java treats
 * the samples as linear grey and converts them to sRGB, so a stored 73 comes back as 146. Browsers and MediaPipe
 * use the stored value. Grey samples are therefore read from the raster (R = G = B = sample, 16-bit samples
 * rounded to 8 bits); palette and sRGB images go through {@code getRGB}, which is exact for them; CMYK is refused
 * with a clear message.
 */
public final class ImageConversion {
    private ImageConversion() {
    }

    /** The picture's pixels as the API's RGB image. */
    public static Image fromBufferedImage(BufferedImage bi) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        ColorModel cm = bi.getColorModel();
        int csType = cm.getColorSpace().getType();
        if (csType == ColorSpace.TYPE_CMYK) {
            throw new IllegalArgumentException("CMYK images are not supported: convert the file to RGB or grey first");
        }
        if (cm instanceof ComponentColorModel && csType == ColorSpace.TYPE_GRAY) {
            return greyFromRaster(bi.getRaster(), cm.getComponentSize(0), w, h);
        }
        return Image.fromArgb(w, h, bi.getRGB(0, 0, w, h, null, 0, w));
    }

    private static Image greyFromRaster(Raster raster, int bits, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w];
        long max = (1L << bits) - 1;
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0, j = y * w * 3; x < w; x++) {
                int v = bits == 8 ? row[x] : (int) ((row[x] * 255L + max / 2) / max);
                byte b = (byte) v;
                rgb[j++] = b;
                rgb[j++] = b;
                rgb[j++] = b;
            }
        }
        return new Image(w, h, rgb);
    }

    /** Reads an image file (JPEG, PNG, BMP, GIF's first frame); IOException with the reason when it cannot. */
    public static Image read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads encoded image bytes, e.g. a zip entry; {@code name} is used in messages. */
    public static Image read(byte[] encoded, String name) throws IOException {
        return read(new ByteArrayInputStream(encoded), name);
    }

    private static Image read(InputStream in, String name) throws IOException {
        BufferedImage bi;
        try {
            bi = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IOException(name + ": cannot decode (" + e.getMessage() + ")", e);
        }
        if (bi == null) {
            throw new IOException(name + ": not an image ImageIO can read (JPEG, PNG, BMP, GIF)");
        }
        try {
            return fromBufferedImage(bi);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Packed 8-bit RGB rows as a decoder hands them out: {@code rowStride} bytes from one row's start to the next
     * (at least {@code width * 3}; decoders pad rows, e.g. 48 pixels = 144 bytes padded to 192).
     */
    public static Image fromRgbRows(int width, int height, ByteBuffer rows, int rowStride) {
        int row = width * 3;
        if (rowStride < row) {
            throw new IllegalArgumentException("row stride " + rowStride + " bytes is shorter than " + width
                    + " RGB pixels (" + row + " bytes)");
        }
        ByteBuffer buf = rows.duplicate();
        byte[] rgb = new byte[row * height];
        for (int y = 0; y < height; y++) {
            buf.position(y * rowStride);
            buf.get(rgb, y * row, row);
        }
        return new Image(width, height, rgb);
    }

    /** The image as a BufferedImage (TYPE_INT_RGB), e.g. to draw on it or write it with ImageIO. */
    public static BufferedImage toBufferedImage(Image img) {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        byte[] p = img.rgb();
        int[] argb = new int[img.width() * img.height()];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = (p[3 * i] & 0xff) << 16 | (p[3 * i + 1] & 0xff) << 8 | (p[3 * i + 2] & 0xff);
        }
        bi.setRGB(0, 0, img.width(), img.height(), argb, 0, img.width());
        return bi;
    }
}
