package org.emotionlens.convert.tfjs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.emotionlens.api.Detection;
import org.emotionlens.api.Face;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.image.ImageConversion;
import org.emotionlens.api.image.Upscale;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.emotionlens.features.facecrop.internal.FaceCropExtractor;

/**
 * The face crops of the TF.js parity check: the 64x64 grey crops (face64, margin 0.1) that the pipeline feeds the
 * peer model, of the BlazeFace boxes (MediaPipe's short-range detector, 1 thread) found in
 * <ul>
 * <li>the committed parity images of the landmarker ({@code bundles/emotion.landmarker/src/test/resources/parity/images}:
 * six face-api demo photos and 27 frames of the facemesh demo video), every box, as the {@code peer} profile does;</li>
 * <li>175 FER2013 test images read from the shared zip (per class folder of {@code test/}, the names sorted, every
 * k-th from the first, k = count / 25: the landmarker parity's pick), enlarged to 64 px as the
 * {@code fer2013-test-peer} profile does, the first box only (one face).</li>
 * </ul>
 * {@code main} writes them (as base64 float32, never committed: FER2013 pixels) for {@code parity/generate.mjs},
 * which runs the original TF.js model on them in Chromium; {@code TfjsParityTest} computes them again.
 */
public final class TfjsParityCrops {
    static final String FER2013_ENTRY_PREFIX = "fer2013:";
    static final int FER2013_PER_CLASS = 25;
    static final int FER2013_UPSCALE = 64;
    static final List<String> FER2013_FOLDERS = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");

    /** One crop: where it comes from, the box and the 4096 grey values (0..255, row-major). */
    record Crop(String image, int face, float[] box, float[] values) {
        String sha256() {
            return TfjsParityCrops.sha256(values);
        }
    }

    private TfjsParityCrops() {
    }

    static Path project() {
        return Path.of(System.getProperty("emotionlens.project", "../.."));
    }

    static Path committedImages() {
        return project().resolve("bundles/emotion.landmarker/src/test/resources/parity/images");
    }

    static Path fer2013Zip() {
        return TestMedia.shared().resolve("data/fer2013/fer2013-images.zip");
    }

    /** Every crop, committed images first (sorted by name), then the FER2013 pick (class order, then name). */
    static List<Crop> compute() {
        Path images = committedImages();
        Path zipPath = fer2013Zip();
        if (!Files.isDirectory(images)) {
            throw new IllegalStateException(images.toAbsolutePath() + " is missing: the landmarker's committed parity"
                    + " images are the inputs of the TF.js parity check");
        }
        if (!Files.isRegularFile(zipPath)) {
            throw new IllegalStateException(zipPath.toAbsolutePath() + " is missing: the FER2013 zip is expected in"
                    + " ../shared/data/fer2013 beside the checkout (or -Demotionlens.shared=DIR)");
        }
        FaceCropExtractor extractor = new FaceCropExtractor(FaceCropExtractor.DEFAULT_MARGIN);
        List<Crop> crops = new ArrayList<>();
        try (BlazeFaceDetector detector = BlazeFaceDetector.withDefaults(TestMedia.models(), 1);
                Stream<Path> files = Files.list(images);
                ZipFile zip = new ZipFile(zipPath.toFile())) {
            for (Path file : files.filter(p -> p.toString().matches(".*\\.(jpg|png)")).sorted().toList()) {
                String name = "images/" + file.getFileName();
                crops.addAll(crops(detector, extractor, name, ImageConversion.read(file), Integer.MAX_VALUE));
            }
            for (String entry : pickFer2013(zip)) {
                Image img;
                try (InputStream in = zip.getInputStream(zip.getEntry(entry))) {
                    img = Upscale.toLongerSide(ImageConversion.read(in.readAllBytes(), entry), FER2013_UPSCALE);
                }
                crops.addAll(crops(detector, extractor, FER2013_ENTRY_PREFIX + entry + "@" + FER2013_UPSCALE, img, 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return crops;
    }

    private static List<Crop> crops(BlazeFaceDetector detector, FaceCropExtractor extractor, String name, Image img,
            int maxFaces) {
        Frame frame = new Frame(name, 0, 0, img, null);
        List<Detection> found = detector.detect(img);
        List<Crop> out = new ArrayList<>();
        for (int k = 0; k < Math.min(maxFaces, found.size()); k++) {
            Detection d = found.get(k);
            float[] values = extractor.extract(frame, new Face(k, d.box(), d.score(), null, null, Map.of())).values();
            out.add(new Crop(name, k, new float[] {d.box().x(), d.box().y(), d.box().width(), d.box().height()},
                    values));
        }
        return out;
    }

    /** Per class folder of test/: the .jpg entries sorted by name, every k-th from the first, k = count / 25. */
    static List<String> pickFer2013(ZipFile zip) {
        List<String> picked = new ArrayList<>();
        for (String label : FER2013_FOLDERS) {
            String prefix = "test/" + label + "/";
            List<String> names = zip.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith(prefix) && n.endsWith(".jpg")).sorted().toList();
            int k = names.size() / FER2013_PER_CLASS;
            if (k < 1) {
                throw new IllegalStateException(zip.getName() + ": only " + names.size() + " images in " + prefix);
            }
            for (int i = 0; i < FER2013_PER_CLASS; i++) {
                picked.add(names.get(i * k));
            }
        }
        return picked;
    }

    static byte[] bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** sha256 of the values as little-endian float32 (what a Float32Array holds on x86 and ARM). */
    static String sha256(float[] values) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(values)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the crops for generate.mjs: JSON, one item per crop, the values as base64 of little-endian float32. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TfjsParityCrops <crops.json to write>");
        }
        List<Crop> crops = compute();
        StringBuilder json = new StringBuilder("{\n  \"items\": [\n");
        for (int i = 0; i < crops.size(); i++) {
            Crop c = crops.get(i);
            json.append(String.format(Locale.ROOT,
                    "    {\"image\": \"%s\", \"face\": %d, \"box\": [%s, %s, %s, %s], \"cropSha256\": \"%s\", \"crop\": \"%s\"}%s%n",
                    c.image(), c.face(), c.box()[0], c.box()[1], c.box()[2], c.box()[3], c.sha256(),
                    Base64.getEncoder().encodeToString(bytes(c.values())), i + 1 < crops.size() ? "," : ""));
        }
        json.append("  ]\n}\n");
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, json);
        long fer = crops.stream().filter(c -> c.image().startsWith(FER2013_ENTRY_PREFIX)).count();
        System.out.printf("%d crops (%d of committed images, %d of FER2013 test images) written to %s%n", crops.size(),
                crops.size() - fer, fer, out);
    }
}
