package org.emotionlens.api.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.imageio.ImageIO;

import org.emotionlens.api.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding keeps the stored sample values: real FER2013 JPEGs, and each kind of PNG ImageIO writes. */
class ImageConversionTest {
    static final Path FER_ZIP = Path.of(System.getProperty("emotionlens.project", "../.."))
            .resolve("../shared/data/fer2013/fer2013-images.zip");

    @Test
    void fer2013GreyJpegsKeepTheirRasterValues() throws IOException {
        assertThat(FER_ZIP).as("FER2013 zip beside the checkout (../shared/data/fer2013)").isRegularFile();
        try (ZipFile zip = new ZipFile(FER_ZIP.toFile())) {
            List<ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
            entries.removeIf(e -> e.isDirectory());
            assertThat(entries).hasSize(35_887);
            int checked = 0;
            boolean sawDifferenceFromGetRgb = false;
            for (int i = 0; i < entries.size(); i += 359) { // 100 files spread over every split and class
                ZipEntry e = entries.get(i);
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                BufferedImage bi = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
                assertThat(bi.getType()).as(e.getName()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
                Raster r = bi.getRaster();
                Image img = ImageConversion.read(bytes, e.getName());
                assertThat(img.width()).isEqualTo(48);
                assertThat(img.height()).isEqualTo(48);
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 48; x++) {
                        int stored = r.getSample(x, y, 0);
                        int j = (y * 48 + x) * 3;
                        assertThat(img.rgb()[j] & 0xff).as("%s (%d,%d)", e.getName(), x, y).isEqualTo(stored);
                        assertThat(img.rgb()[j + 1]).isEqualTo(img.rgb()[j]);
                        assertThat(img.rgb()[j + 2]).isEqualTo(img.rgb()[j]);
                        sawDifferenceFromGetRgb |= (bi.getRGB(x, y) & 0xff) != stored;
                    }
                }
                checked++;
            }
            assertThat(checked).isEqualTo(100);
            assertThat(sawDifferenceFromGetRgb).as("getRGB converts linear grey to sRGB (why this class exists)").isTrue();
        }
    }

    @Test
    void sixteenBitGreyIsRoundedToEightBits(@TempDir Path dir) throws IOException {
        BufferedImage g16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(0, 0, 0, 0);
        g16.getRaster().setSample(1, 0, 0, 73 * 257);
        g16.getRaster().setSample(2, 0, 0, 65535);
        Image img = roundTrip(g16, dir.resolve("g16.png"));
        assertThat(rgb(img)).containsExactly(0, 0, 0, 73, 73, 73, 255, 255, 255);
    }

    @Test
    void paletteRgbAndArgbGiveTheirColours(@TempDir Path dir) throws IOException {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {10, (byte) 200}, new byte[] {20, 73},
                new byte[] {30, 5});
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSample(1, 0, 0, 1);
        assertThat(rgb(roundTrip(indexed, dir.resolve("p.png")))).containsExactly(10, 20, 30, 200, 73, 5);

        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        rgb.setRGB(0, 0, 0x492a07);
        assertThat(rgb(roundTrip(rgb, dir.resolve("rgb.png")))).containsExactly(0x49, 0x2a, 0x07);

        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0xff492a07);
        assertThat(rgb(roundTrip(argb, dir.resolve("argb.png")))).containsExactly(0x49, 0x2a, 0x07);

        BufferedImage grey8 = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey8.getRaster().setSample(0, 0, 0, 73);
        assertThat(rgb(roundTrip(grey8, dir.resolve("g8.png")))).containsExactly(73, 73, 73);
    }

    @Test
    void cmykJpegIsRefusedWithAClearMessage() {
        // an 8x8 4-channel JPEG written by the JDK's own JPEG writer from a 4-band raster (read back as CMYK)
        Path cmyk = Path.of("src/test/resources/cmyk.jpg");
        assertThatThrownBy(() -> ImageConversion.read(cmyk)).isInstanceOf(IOException.class)
                .hasMessageContaining("cmyk.jpg").hasMessageContaining("CMYK");
    }

    @Test
    void notAnImageNamesTheFile(@TempDir Path dir) throws IOException {
        Path txt = Files.writeString(dir.resolve("notes.jpg"), "not a picture");
        assertThatThrownBy(() -> ImageConversion.read(txt)).isInstanceOf(IOException.class)
                .hasMessageContaining("notes.jpg").hasMessageContaining("not an image");
    }

    @Test
    void paddedRowsOfA48PixelFrameAreSkipped() {
        int w = 48;
        int h = 2;
        int stride = 192; // what FFmpeg gives for 48 RGB pixels (144 bytes) aligned to 64
        ByteBuffer buf = ByteBuffer.allocate(stride * h);
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < stride; i++) {
                buf.put(y * stride + i, (byte) (i < w * 3 ? y * 100 + i % 3 : 0xEE));
            }
        }
        Image img = ImageConversion.fromRgbRows(w, h, buf, stride);
        assertThat(img.rgb()).hasSize(w * h * 3).doesNotContain((byte) 0xEE);
        assertThat(img.rgb()[w * 3] & 0xff).isEqualTo(100);
        assertThatThrownBy(() -> ImageConversion.fromRgbRows(w, h, buf, 100)).hasMessageContaining("stride");
    }

    private static Image roundTrip(BufferedImage bi, Path png) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(ImageIO.write(bi, "png", bytes)).isTrue();
        Files.write(png, bytes.toByteArray());
        return ImageConversion.read(png);
    }

    private static int[] rgb(Image img) {
        int[] v = new int[img.rgb().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = img.rgb()[i] & 0xff;
        }
        return v;
    }
}
