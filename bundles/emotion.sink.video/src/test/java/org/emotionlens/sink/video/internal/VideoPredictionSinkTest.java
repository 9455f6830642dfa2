package org.emotionlens.sink.video.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Image;
import org.emotionlens.api.Prediction;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo GIF's first 60 frames (decoded by FFmpeg) with the boxes and predictions the real vision pipeline
 * (BlazeFace, MediaPipe blendshapes, lstm-paper) produced for them (recorded in demo-lstm-paper-first60.csv).
 */
class VideoPredictionSinkTest {
    @TempDir
    Path dir;
    static List<FrameResult> results = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Map<Integer, List<String[]>> rows = new TreeMap<>();
        String[] header;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                VideoPredictionSinkTest.class.getResourceAsStream("/demo-lstm-paper-first60.csv"),
                StandardCharsets.UTF_8))) {
            header = r.readLine().split(",");
            String line;
            while ((line = r.readLine()) != null) {
                String[] c = line.split(",", -1);
                rows.computeIfAbsent(Integer.parseInt(c[2]), k -> new ArrayList<>()).add(c);
            }
        }
        List<String> labels = Arrays.stream(header).filter(h -> h.startsWith("p_")).map(h -> h.substring(2)).toList();
        Path gif = TestMedia.faceVideoGif();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(gif.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            g.start();
            for (int i = 0; i < 60; i++) {
                org.bytedeco.javacv.Frame f = g.grabImage();
                byte[] rgb = new byte[f.imageWidth * f.imageHeight * 3];
                ByteBuffer b = (ByteBuffer) f.image[0];
                for (int y = 0; y < f.imageHeight; y++) {
                    b.position(y * f.imageStride);
                    b.get(rgb, y * f.imageWidth * 3, f.imageWidth * 3);
                }
                List<FaceResult> faces = new ArrayList<>();
                long ts = i * 20_000L;
                for (String[] c : rows.getOrDefault(i, List.of())) {
                    ts = Long.parseLong(c[3]);
                    Box box = new Box(Float.parseFloat(c[5]), Float.parseFloat(c[6]), Float.parseFloat(c[7]),
                            Float.parseFloat(c[8]));
                    float[] p = new float[labels.size()];
                    for (int k = 0; k < p.length; k++) {
                        p[k] = Float.parseFloat(c[13 + k]);
                    }
                    faces.add(new FaceResult(new Face(Integer.parseInt(c[4]), box, 1f, null, null, null), null,
                            new Prediction(c[11], labels, p)));
                }
                results.add(new FrameResult("demo", new Frame("facemesh-demo.gif", i, ts,
                        new Image(f.imageWidth, f.imageHeight, rgb), null), faces, Map.of()));
            }
        }
    }

    @Test
    void writesAPlayableMp4WithEveryFrameAndTheBoxesDrawn() throws Exception {
        VideoPredictionSink sink = new VideoPredictionSink(dir, "auto", 0, 4_000_000, false, true);
        results.forEach(sink::accept);
        sink.flush();
        Path mp4 = dir.resolve("demo.mp4");
        assertThat(mp4).exists();

        int checked = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            g.start();
            assertThat(g.getImageWidth()).isEqualTo(640);
            assertThat(g.getImageHeight()).isEqualTo(480);
            assertThat(g.getFrameRate()).as("rate from the source's 20 ms frames").isBetween(49.0, 51.0);
            int n = 0;
            org.bytedeco.javacv.Frame f;
            while ((f = g.grabImage()) != null) {
                FrameResult src = results.get(n);
                assertThat(g.getTimestamp()).as("frame %d keeps its source time", n)
                        .isCloseTo(src.frame().timestampMicros(), org.assertj.core.data.Offset.offset(20_001L));
                for (FaceResult fr : src.faces()) {
                    Box b = fr.face().box();
                    int x = Math.round(b.x() * 640);
                    int y = Math.round((b.y() + b.height() / 2) * 480);
                    int[] drawn = pixel(f, x, y);
                    int[] before = pixel(src.frame().image(), x, y);
                    Color c = Annotator.colour(fr.prediction());
                    assertThat(distance(drawn, c)).as("frame %d face %d left edge is drawn in %s's colour", n,
                            fr.face().trackId(), fr.prediction().label()).isLessThan(60);
                    assertThat(distance(before, c)).as("and it was not that colour before").isGreaterThan(80);
                    checked++;
                }
                n++;
            }
            assertThat(n).isEqualTo(results.size());
        }
        assertThat(checked).isGreaterThan(60);
    }

    @Test
    void eachPipelineGetsItsOwnFileAndAFlushStartsANewOne() throws Exception {
        VideoPredictionSink sink = new VideoPredictionSink(dir, "mpeg4", 25, 2_000_000, true, false);
        for (FrameResult r : results.subList(0, 20)) {
            sink.accept(r);
            sink.accept(new FrameResult("dense", r.frame(), r.faces(), Map.of()));
        }
        sink.flush();
        for (FrameResult r : results.subList(20, 30)) {
            sink.accept(r);
        }
        sink.deactivate();
        assertThat(frames(dir.resolve("demo.mp4"))).isEqualTo(20);
        assertThat(frames(dir.resolve("dense.mp4"))).isEqualTo(20);
        assertThat(frames(dir.resolve("demo-2.mp4"))).isEqualTo(10);
        assertThat(Files.list(dir).count()).isEqualTo(3);
    }

    private static int frames(Path mp4) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toFile())) {
            g.start();
            int n = 0;
            while (g.grabImage() != null) {
                n++;
            }
            return n;
        }
    }

    private static int[] pixel(org.bytedeco.javacv.Frame f, int x, int y) {
        ByteBuffer b = (ByteBuffer) f.image[0];
        int i = y * f.imageStride + x * 3;
        return new int[] {b.get(i) & 0xff, b.get(i + 1) & 0xff, b.get(i + 2) & 0xff};
    }

    private static int[] pixel(Image img, int x, int y) {
        int i = (y * img.width() + x) * 3;
        return new int[] {img.rgb()[i] & 0xff, img.rgb()[i + 1] & 0xff, img.rgb()[i + 2] & 0xff};
    }

    private static double distance(int[] rgb, Color c) {
        return Math.sqrt(Math.pow(rgb[0] - c.getRed(), 2) + Math.pow(rgb[1] - c.getGreen(), 2)
                + Math.pow(rgb[2] - c.getBlue(), 2));
    }
}
