package org.emotionlens.source.images.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.Frame;
import org.emotionlens.api.image.ImageConversion;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;


/**
 * Real media: the photos and GIF frames of the landmarker's parity fixtures (decoded by Chromium for Google's
 * reference run) and the facemesh demo GIF from its npm package.
 */
class ImageFrameSourceTest {
    static final Path PROJECT = Path.of(System.getProperty("emotionlens.project", "../.."));
    static final Path PARITY_IMAGES = PROJECT.resolve("bundles/emotion.landmarker/src/test/resources/parity/images");

    @Test
    void folderGivesOneFramePerImageInNameOrder() throws Exception {
        long images;
        try (var files = Files.list(PARITY_IMAGES)) {
            images = files.count();
        }
        ImageFrameSource source = new ImageFrameSource(PARITY_IMAGES, 25, "skip");
        try (FrameStream s = source.open()) {
            Frame first = s.next();
            assertThat(first.sourceId()).isEqualTo("facemesh-frame-000.png");
            assertThat(first.image().width()).isEqualTo(640);
            assertThat(first.image().height()).isEqualTo(480);
            int n = 1;
            Frame last = first;
            for (Frame f; (f = s.next()) != null;) {
                assertThat(f.index()).isEqualTo(n);
                assertThat(f.timestampMicros()).isEqualTo(n * 40_000L);
                last = f;
                n++;
            }
            assertThat(n).isEqualTo(images);
            assertThat(last.sourceId()).isEqualTo("sample6.jpg");
        }
    }

    @Test
    void unreadableImagesAreSkippedOrFatalByChoice(@TempDir Path dir) throws Exception {
        Files.copy(PARITY_IMAGES.resolve("sample1.jpg"), dir.resolve("a.jpg"));
        Files.writeString(dir.resolve("b.jpg"), "this is not a JPEG");
        Files.copy(PARITY_IMAGES.resolve("sample2.jpg"), dir.resolve("c.jpg"));
        try (FrameStream s = new ImageFrameSource(dir, 30, "skip").open()) {
            assertThat(s.next().sourceId()).isEqualTo("a.jpg");
            assertThat(s.next().sourceId()).isEqualTo("c.jpg");
            assertThat(s.next()).isNull();
        }
        try (FrameStream s = new ImageFrameSource(dir, 30, "fail").open()) {
            s.next();
            assertThatThrownBy(s::next).isInstanceOf(SourceException.class).hasMessageContaining("b.jpg")
                    .hasMessageContaining("not an image");
        }
        assertThatThrownBy(() -> new ImageFrameSource(dir.resolve("missing"), 30, "skip"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void aZipOfLabelledImagesIsReadInPlaceWithItsPathsAndCanBeUpscaled() throws Exception {
        Path zip = PROJECT.resolve("../shared/data/fer2013/fer2013-images.zip");
        assertThat(zip).as("FER2013 zip beside the checkout (../shared/data/fer2013)").isRegularFile();
        ImageFrameSource source = new ImageFrameSource(zip, 30, "fail", "test/happy/", 64);
        assertThat(source.describe()).endsWith("fer2013-images.zip (test/happy/*)");
        try (FrameStream s = source.open(); java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(s.expectedFrames()).isEqualTo(879); // FER2013 PrivateTest happy images
            Frame first = s.next();
            assertThat(first.sourceId()).startsWith("test/happy/PrivateTest_").endsWith(".jpg");
            assertThat(first.image().width()).isEqualTo(64);
            byte[] jpeg = z.getInputStream(z.getEntry(first.sourceId())).readAllBytes();
            org.emotionlens.api.Image stored = ImageConversion.read(jpeg, first.sourceId());
            assertThat(first.image().rgb()).isEqualTo(
                    org.emotionlens.api.image.Upscale.toLongerSide(stored, 64).rgb());
            int n = 1;
            while (s.next() != null) {
                n++;
            }
            assertThat(n).isEqualTo(879);
        }
        assertThatThrownBy(() -> new ImageFrameSource(zip, 30, "fail", "nothing/", 0).open())
                .isInstanceOf(SourceException.class).hasMessageContaining("holds no image");
    }

    @Test
    void subFoldersAreReadWithTheirPaths(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("happy"));
        Files.copy(PARITY_IMAGES.resolve("sample1.jpg"), dir.resolve("happy/a.jpg"));
        Files.writeString(dir.resolve("notes.txt"), "not an image: not a frame");
        try (FrameStream s = new ImageFrameSource(dir, 30, "fail").open()) {
            assertThat(s.next().sourceId()).isEqualTo("happy/a.jpg");
            assertThat(s.next()).isNull();
        }
    }

    @Test
    void aPacedSourceIsLiveAndHandsFramesOutInRealTime() throws Exception {
        Path gif = TestMedia.faceVideoGif();
        ImageFrameSource paced = new ImageFrameSource(gif, 30, "skip", "", 0, 50);
        assertThat(paced.isLive()).isTrue();
        assertThat(new ImageFrameSource(gif, 30, "skip").isLive()).isFalse();
        Frame first;
        Frame last = null;
        long start = System.nanoTime();
        long end;
        try (FrameStream stored = new ImageFrameSource(gif, 30, "skip").open(); FrameStream s = paced.open()) {
            first = s.next();
            start = System.nanoTime();
            Frame expected = stored.next();
            assertThat(first.image().rgb()).isEqualTo(expected.image().rgb());
            for (int i = 1; i < 40; i++) {
                last = s.next();
                expected = stored.next();
                assertThat(last.index()).isEqualTo(i);
                assertThat(last.timestampMicros()).as("timestamps i / pace").isEqualTo(i * 20_000L);
                assertThat(last.image().rgb()).isEqualTo(expected.image().rgb());
            }
            end = System.nanoTime();
        }
        assertThat(first.timestampMicros()).isZero();
        // frame 39 is due 39 / 50 s = 780 ms after frame 0: never earlier, and not bunched up later
        assertThat((end - start) / 1e6).isGreaterThanOrEqualTo(779).isLessThan(1500);
        assertThat(last).isNotNull();
        assertThatThrownBy(() -> new ImageFrameSource(gif, 30, "skip", "", 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pace");
    }

    @Test
    void gifFramesAreComposedAsBrowsersComposeThem() throws Exception {
        Path gif = TestMedia.faceVideoGif();
        try (FrameStream s = new ImageFrameSource(gif, 30, "skip").open()) {
            int n = 0;
            int compared = 0;
            long lastTime = -1;
            for (Frame f; (f = s.next()) != null; n++) {
                assertThat(f.timestampMicros()).isGreaterThan(lastTime);
                lastTime = f.timestampMicros();
                Path png = PARITY_IMAGES.resolve(String.format("facemesh-frame-%03d.png", n));
                if (Files.exists(png)) {
                    // Chromium decoded these frames for the reference run: every pixel must match.
                    byte[] expected = ImageConversion.read(png).rgb();
                    assertThat(Arrays.equals(f.image().rgb(), expected)).as("frame %d equals %s", n, png).isTrue();
                    compared++;
                }
            }
            assertThat(n).isEqualTo(345);
            assertThat(compared).as("parity frames compared (bundles/emotion.landmarker parity images)").isEqualTo(27);
        }
    }

    @Test
    void aTruncatedGifIsReportedWithItsName(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(TestMedia.faceVideoGif());
        Path cut = dir.resolve("cut.gif");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 3));
        try (FrameStream s = new ImageFrameSource(cut, 30, "skip").open()) {
            assertThatThrownBy(() -> {
                while (s.next() != null) {
                    // decode until it breaks
                }
            }).isInstanceOf(SourceException.class).hasMessageContaining("cut.gif");
        }
    }

}
