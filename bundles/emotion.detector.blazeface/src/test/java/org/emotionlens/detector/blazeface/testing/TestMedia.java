package org.emotionlens.detector.blazeface.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;


import org.emotionlens.api.Image;
import org.emotionlens.api.image.ImageConversion;
import org.emotionlens.models.ModelLocator;

/**
 * Real test media from npm packages, fetched once with the ordinary npm client into a cache outside git
 * ({@code -Demotionlens.npmcache}, default {@code <tmp>/emotionlens-npm}): face photos of
 * {@code @vladmandic/face-api@1.7.15} (demo/sample*.jpg) and the face video of {@code @tensorflow-models/facemesh@0.0.5}
 * (demo.gif, 345 frames 640x480).
 */
public final class TestMedia {
    public static final String FACE_API = "@vladmandic/face-api@1.7.15";
    public static final String FACEMESH = "@tensorflow-models/facemesh@0.0.5";

    private TestMedia() {
    }

    public static Path shared() {
        return Path.of(System.getProperty("emotionlens.shared", "../../../shared"));
    }

    /** The shared mirror of the model files. */
    public static ModelLocator models() {
        return ModelLocator.of(shared().resolve("models"));
    }

    public static Path cache() {
        return Path.of(System.getProperty("emotionlens.npmcache",
                Path.of(System.getProperty("java.io.tmpdir"), "emotionlens-npm").toString()));
    }

    /** The unpacked package directory ({@code .../package}), packing it with npm on first use. */
    public static synchronized Path npmPackage(String spec) {
        try {
            Path cache = cache();
            String base = spec.substring(0, spec.lastIndexOf('@')).replace("@", "").replace('/', '-');
            String version = spec.substring(spec.lastIndexOf('@') + 1);
            Path dir = cache.resolve(base + "-" + version);
            Path pkg = dir.resolve("package");
            if (Files.isDirectory(pkg)) {
                return pkg;
            }
            Files.createDirectories(cache);
            Path tgz = cache.resolve(base + "-" + version + ".tgz");
            if (!Files.isRegularFile(tgz)) {
                run(cache, "npm", "pack", spec, "--pack-destination", cache.toString());
            }
            Files.createDirectories(dir);
            run(dir, "tar", "xzf", tgz.toString());
            return pkg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The six face-api demo photos. */
    public static List<Path> facePhotos() {
        Path demo = npmPackage(FACE_API).resolve("demo");
        try (Stream<Path> s = Files.list(demo)) {
            return s.filter(p -> p.getFileName().toString().matches("sample\\d+\\.jpg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path faceVideoGif() {
        return npmPackage(FACEMESH).resolve("demo.gif");
    }

    public static Image read(Path file) {
        try {
            return ImageConversion.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Image toImage(BufferedImage bi) {
        return ImageConversion.fromBufferedImage(bi);
    }

    /** A flat grey image: no face anywhere. */
    public static Image grey(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        java.util.Arrays.fill(rgb, (byte) 128);
        return new Image(w, h, rgb);
    }

    /** A sub-image (copy). */
    public static Image crop(Image img, int x, int y, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int r = 0; r < h; r++) {
            System.arraycopy(img.rgb(), ((y + r) * img.width() + x) * 3, rgb, r * w * 3, w * 3);
        }
        return new Image(w, h, rgb);
    }

    private static void run(Path dir, String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed:\n" + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** All frames of the face video, composed as a GIF viewer shows them. */
    public static List<Image> faceVideoFrames(int max) {
        List<Image> out = new ArrayList<>();
        for (BufferedImage f : GifFrames.read(faceVideoGif(), max)) {
            out.add(toImage(f));
        }
        return out;
    }
}
