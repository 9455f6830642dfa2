package org.emotionlens.source.video.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.imageio.ImageIO;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.Image;
import org.emotionlens.api.image.ImageConversion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FER2013-size frames (48 pixels wide: FFmpeg pads each RGB row of 144 bytes to 192) pass through the video
 * source, grey or colour, PNG or MP4, with the pixel values of the file.
 */
class SmallFramesTest {
    static final Path FER_ZIP = Path.of(System.getProperty("emotionlens.shared", "../../../shared"))
            .resolve("data/fer2013/fer2013-images.zip");

    @TempDir
    static Path dir;
    static List<Image> faces = new ArrayList<>();

    @BeforeAll
    static void readFerImages() throws Exception {
        assertThat(FER_ZIP).as("FER2013 zip beside the checkout (../shared/data/fer2013)").isRegularFile();
        try (ZipFile zip = new ZipFile(FER_ZIP.toFile())) {
            List<ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
            for (int i = 0; i < entries.size() && faces.size() < 12; i += 2999) {
                ZipEntry e = entries.get(i);
                faces.add(ImageConversion.read(zip.getInputStream(e).readAllBytes(), e.getName()));
            }
        }
    }

    @Test
    void greyAndColour48PixelPngsKeepTheirValues() throws Exception {
        Path grey = dir.resolve("grey48.png");
        BufferedImage g = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        byte[] rgb = faces.get(0).rgb();
        for (int i = 0; i < 48 * 48; i++) {
            g.getRaster().setSample(i % 48, i / 48, 0, rgb[3 * i] & 0xff);
        }
        ImageIO.write(g, "png", grey.toFile());
        Path colour = dir.resolve("colour48.png");
        BufferedImage c = ImageConversion.toBufferedImage(faces.get(1));
        c.setRGB(5, 7, 0x12ab34);
        ImageIO.write(c, "png", colour.toFile());
        for (Path png : List.of(grey, colour)) {
            Image read = onlyFrame(png);
            assertThat(read.width()).isEqualTo(48);
            assertThat(read.height()).isEqualTo(48);
            assertThat(read.rgb()).as(png.getFileName().toString()).isEqualTo(ImageConversion.read(png).rgb());
        }
    }

    @Test
    void a48PixelMp4GivesEveryFrameCloseToTheFaces() throws Exception {
        Path mp4 = dir.resolve("fer48.mp4");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(mp4.toFile(), 48, 48, 0);
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setFrameRate(10);
            rec.setVideoQuality(1);
            rec.start();
            for (Image face : faces) {
                // 3-byte BGR: the layout FFmpeg's recorder takes as BGR24
                BufferedImage bgr = new BufferedImage(48, 48, BufferedImage.TYPE_3BYTE_BGR);
                bgr.getGraphics().drawImage(ImageConversion.toBufferedImage(face), 0, 0, null);
                rec.record(conv.convert(bgr));
            }
            rec.stop();
        }
        List<Image> read = new ArrayList<>();
        try (FrameStream s = new VideoFrameSource(mp4.toString(), "auto", 10, 5).open()) {
            for (Frame f; (f = s.next()) != null;) {
                read.add(f.image());
            }
        }
        assertThat(read).hasSize(faces.size());
        double worstMeanError = 0;
        for (int k = 0; k < read.size(); k++) {
            assertThat(read.get(k).width()).isEqualTo(48);
            long sum = 0;
            for (int i = 0; i < read.get(k).rgb().length; i++) {
                sum += Math.abs((read.get(k).rgb()[i] & 0xff) - (faces.get(k).rgb()[i] & 0xff));
            }
            worstMeanError = Math.max(worstMeanError, (double) sum / read.get(k).rgb().length);
        }
        // lossy MPEG-4 at its best quality, 4:2:0 chroma: 2.9-3.4 per sample here; a misread row is off by tens
        assertThat(worstMeanError).isLessThan(4.0);
    }

    private static Image onlyFrame(Path file) throws Exception {
        try (FrameStream s = new VideoFrameSource(file.toString(), "auto", 10, 5).open()) {
            Frame f = s.next();
            assertThat(f).as("a frame from " + file).isNotNull();
            return f.image();
        }
    }
}
