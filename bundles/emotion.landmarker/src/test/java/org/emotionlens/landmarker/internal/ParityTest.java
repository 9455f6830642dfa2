package org.emotionlens.landmarker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.Image;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.api.image.ImageConversion;
import org.emotionlens.api.image.Upscale;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.emotionlens.features.blendshapes.internal.BlendshapeExtractor;
import org.emotionlens.models.ModelFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

/**
 * The acceptance test: this Java pipeline against Google's own MediaPipe FaceLandmarker (tasks-vision 1.1.0, WASM,
 * CPU) on the same images; golden files in src/test/resources/parity, made by parity/generate.mjs (see its README).
 * Landmark error of a face = max over the 478 points of the x,y pixel distance (z separately: max |dz| times the
 * image width, z being on the x scale); face size = diagonal of the reference landmarks' bounding box in pixels.
 * Blendshape error = mean absolute error over the 52 scores (and the largest single score difference). Every test
 * prints its achieved figures ("PARITY ..." lines); the bounds below are those figures with a margin of about 1.5-2x
 * (measured with XNNPACK on an x86-64 CPU with AVX-512; docs/landmarker/README.md lists them).
 */
class ParityTest {
    static final Path DIR = Path.of("src/test/resources/parity");
    // IMAGE mode (33 images) and the tracking step; achieved: x,y 0.028% and z 0.029% of the face size, MAE 0.00033,
    // single score 0.0029 (IMAGE mode, the worse of the two).
    static final double MAX_LANDMARK_FRACTION = 0.0005;
    static final double MAX_Z_FRACTION = 0.0005;
    static final double MAX_BLENDSHAPE_MAE = 0.0006;
    static final double MAX_SINGLE_BLENDSHAPE = 0.005;
    /** A face whose presence score is this close to the 0.5 threshold may fall on either side of it. */
    static final double BORDERLINE_PRESENCE = 0.005;
    // FER2013, 48 and 64 px; achieved (the worse size): x,y 0.013% and z 0.008% of the face size, MAE 0.00014, single
    // score 0.0024. The issue's own bounds (agreement >= 99%, MAE median <= 0.001, p90 <= 0.003) are asserted as well.
    static final double FER_MAX_LANDMARK_FRACTION = 0.00025;
    static final double FER_MAX_Z_FRACTION = 0.00015;
    static final double FER_MAX_BLENDSHAPE_MAE = 0.00025;
    static final double FER_MAX_SINGLE_BLENDSHAPE = 0.004;

    static BlazeFaceDetector detector;
    static MediaPipeFaceLandmarker landmarker;
    static BlendshapeExtractor blendshapes;

    @BeforeAll
    static void load() {
        detector = BlazeFaceDetector.withDefaults(TestMedia.models(), 1);
        landmarker = MediaPipeFaceLandmarker.withDefaults(TestMedia.models(), 1);
        blendshapes = BlendshapeExtractor.withDefaults(TestMedia.models());
    }

    @AfterAll
    static void close() {
        detector.close();
        landmarker.close();
        blendshapes.close();
    }

    /**
     * Errors collected over many faces, printed as worst/median figures. Per face: the largest x,y pixel distance over
     * the 478 landmarks, the largest z difference (z is on the x scale, so times the image width = pixels), both also
     * as a fraction of the face size, and the blendshape MAE over the 52 scores.
     */
    static final class Figures {
        final List<Double> px = new ArrayList<>();
        final List<Double> fraction = new ArrayList<>();
        final List<Double> zPx = new ArrayList<>();
        final List<Double> zFraction = new ArrayList<>();
        final List<Double> mae = new ArrayList<>();
        double maxSingleBlendshape;
        String worst = "";
        String worstZ = "";
        String worstBlendshape = "";

        void add(String where, float[] lm, float[] bs, JsonObject ref, int w, int h) {
            float[] refLm = landmarks(ref.getJsonArray("landmarks"));
            double worstPx = 0;
            double worstZPx = 0;
            double minX = 1e9, minY = 1e9, maxX = -1e9, maxY = -1e9;
            for (int i = 0; i < 478; i++) {
                worstPx = Math.max(worstPx, Math.hypot((lm[3 * i] - refLm[3 * i]) * w, (lm[3 * i + 1] - refLm[3 * i + 1]) * h));
                worstZPx = Math.max(worstZPx, Math.abs(lm[3 * i + 2] - refLm[3 * i + 2]) * w);
                minX = Math.min(minX, refLm[3 * i] * w);
                maxX = Math.max(maxX, refLm[3 * i] * w);
                minY = Math.min(minY, refLm[3 * i + 1] * h);
                maxY = Math.max(maxY, refLm[3 * i + 1] * h);
            }
            double diagonal = Math.hypot(maxX - minX, maxY - minY);
            assertThat(ref.getJsonArray("blendshapeNames").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList()).isEqualTo(Blendshapes.NAMES);
            JsonArray refBs = ref.getJsonArray("blendshapes");
            double sum = 0;
            for (int k = 0; k < Blendshapes.COUNT; k++) {
                double d = Math.abs(bs[k] - refBs.getJsonNumber(k).doubleValue());
                sum += d;
                if (d > maxSingleBlendshape) {
                    maxSingleBlendshape = d;
                    worstBlendshape = where + " " + Blendshapes.NAMES.get(k);
                }
            }
            String size = String.format(" (face %.0f px)", diagonal);
            if (fraction.isEmpty() || worstPx / diagonal > max(fraction)) {
                worst = where + size;
            }
            if (zFraction.isEmpty() || worstZPx / diagonal > max(zFraction)) {
                worstZ = where + size;
            }
            px.add(worstPx);
            fraction.add(worstPx / diagonal);
            zPx.add(worstZPx);
            zFraction.add(worstZPx / diagonal);
            mae.add(sum / Blendshapes.COUNT);
        }

        void print(String title) {
            System.out.printf("PARITY %s: %d faces%n"
                    + "  max landmark x,y distance per face: median %.3f px, worst %.3f px = %.4f%% of the face size (%s)%n"
                    + "  max landmark z difference per face: median %.3f px, worst %.3f px = %.4f%% of the face size (%s)%n"
                    + "  blendshape MAE per face: median %.5f, p90 %.5f, worst %.5f; largest single blendshape error %.4f (%s)%n",
                    title, px.size(), median(px), max(px), 100 * max(fraction), worst, median(zPx), max(zPx),
                    100 * max(zFraction), worstZ, median(mae), quantile(mae, 0.9), max(mae), maxSingleBlendshape,
                    worstBlendshape);
        }

        void assertWithin(double maxFraction, double maxMae) {
            assertThat(px).isNotEmpty();
            assertThat(max(fraction)).as("worst landmark x,y distance / face size (%s)", worst).isLessThanOrEqualTo(maxFraction);
            assertThat(max(mae)).as("worst per-face blendshape MAE").isLessThanOrEqualTo(maxMae);
        }

        void assertZWithin(double maxZFraction) {
            assertThat(max(zFraction)).as("worst landmark z difference / face size (%s)", worstZ)
                    .isLessThanOrEqualTo(maxZFraction);
        }

        void assertSingleBlendshapeWithin(double maxSingle) {
            assertThat(maxSingleBlendshape).as("largest single blendshape error (%s)", worstBlendshape)
                    .isLessThanOrEqualTo(maxSingle);
        }
    }

    /**
     * IMAGE mode, numFaces 4, 33 real images: same faces, landmarks within 0.05% of the face size (x,y and z),
     * blendshape MAE within 0.0006 and every single score within 0.005. A face-count difference is accepted only when it is one face whose presence score lies within
     * {@value #BORDERLINE_PRESENCE} of the threshold (arithmetic of a different CPU runtime can put it either side).
     */
    @Test
    void imageModeMatchesMediaPipe() throws Exception {
        JsonObject root = read("image-mode.json");
        assertThat(root.getString("mode")).isEqualTo("IMAGE");
        Figures fig = new Figures();
        List<String> borderline = new ArrayList<>();
        try (FaceTracker tracker = landmarker.open(new TrackerOptions(root.getInt("numFaces"), false))) {
            for (JsonObject item : root.getJsonArray("items").getValuesAs(JsonObject.class)) {
                Image img = image(item);
                List<Face> ours = tracker.process(img, 0, detector);
                JsonArray ref = item.getJsonArray("faces");
                if (ours.size() != ref.size()) {
                    assertThat(ours.size()).as(item.getString("image") + " face count").isEqualTo(ref.size() + 1);
                    // drop our borderline face; the rest must then match in order
                    Face extra = ours.stream().filter(f -> Math.abs(f.score() - 0.5) < BORDERLINE_PRESENCE).findFirst()
                            .orElseThrow(() -> new AssertionError(item.getString("image") + ": " + ours.size()
                                    + " faces, MediaPipe " + ref.size() + ", and none of ours is borderline"));
                    borderline.add(String.format("%s (presence %.5f)", item.getString("image"), extra.score()));
                    ours.remove(extra);
                }
                for (int f = 0; f < ref.size(); f++) {
                    Face face = ours.get(f);
                    fig.add(item.getString("image") + " face " + f, face.landmarks(),
                            blendshapes.scores(face.landmarks(), img.width(), img.height()), ref.getJsonObject(f),
                            img.width(), img.height());
                }
            }
        }
        fig.print("IMAGE mode, numFaces 4, 33 images");
        System.out.println("  face-count differences (borderline presence): " + borderline.size() + " " + borderline);
        assertThat(borderline.size()).as("borderline face-count differences").isLessThanOrEqualTo(1);
        fig.assertWithin(MAX_LANDMARK_FRACTION, MAX_BLENDSHAPE_MAE);
        fig.assertZWithin(MAX_Z_FRACTION);
        fig.assertSingleBlendshapeWithin(MAX_SINGLE_BLENDSHAPE);
    }

    /**
     * VIDEO-mode tracking, one step at a time: the next-frame ROI built (FACTS 4a) from MediaPipe's own landmarks of
     * frame t-1 must give MediaPipe's landmarks of frame t. This checks the tracking geometry exactly, free of the
     * feedback that amplifies tiny differences over frames. (numFaces 2: no smoothing, raw landmarks.)
     */
    @Test
    void trackingStepMatchesMediaPipe() throws Exception {
        JsonObject root = read("video-mode.json");
        assertThat(root.getInt("numFaces")).isGreaterThan(1);
        List<JsonObject> items = root.getJsonArray("items").getValuesAs(JsonObject.class);
        Figures fig = new Figures();
        try (LandmarkModel model = new LandmarkModel(
                TestMedia.models().taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.FACE_LANDMARKS_ENTRY), 1)) {
            for (int t = 1; t < items.size(); t++) {
                Image img = image(items.get(t));
                JsonArray prev = items.get(t - 1).getJsonArray("faces");
                JsonArray now = items.get(t).getJsonArray("faces");
                assertThat(now.size()).isEqualTo(prev.size()); // tracked: same faces, same order
                for (int f = 0; f < now.size(); f++) {
                    float[] prevLm = landmarks(prev.getJsonObject(f).getJsonArray("landmarks"));
                    LandmarkModel.Result r = model.run(img,
                            MediaPipeTracker.nextFrameRect(prevLm, img.width(), img.height()));
                    assertThat(r.presence()).isGreaterThan(0.5f);
                    fig.add(items.get(t).getString("image") + " face " + f, r.landmarks(),
                            blendshapes.scores(r.landmarks(), img.width(), img.height()), now.getJsonObject(f),
                            img.width(), img.height());
                }
            }
        }
        fig.print("VIDEO tracking step (ROI from MediaPipe's frame t-1), numFaces 2, 19 steps");
        fig.assertWithin(MAX_LANDMARK_FRACTION, MAX_BLENDSHAPE_MAE);
        fig.assertZWithin(MAX_Z_FRACTION);
        fig.assertSingleBlendshapeWithin(MAX_SINGLE_BLENDSHAPE);
    }

    /**
     * VIDEO mode run freely over 20 consecutive frames (our own landmarks feed our next ROIs): the same face count in
     * every frame and stable track ids. The landmarks drift to a few pixels, as FACTS.md found for any
     * reimplementation (a 0.05 px ROI shift moves landmarks ~0.5 px through the 1/32 px and uint8 quantisation, and
     * that feeds back; numFaces 1 adds One Euro smoothing with beta 80): held to 5% of the face size and 0.05 MAE.
     */
    @ParameterizedTest
    @CsvSource({"video-mode.json", "video-mode-numfaces1.json"})
    void videoModeTracksLikeMediaPipe(String file) throws Exception {
        JsonObject root = read(file);
        assertThat(root.getString("mode")).isEqualTo("VIDEO");
        int numFaces = root.getInt("numFaces");
        Figures fig = new Figures();
        List<Integer> firstIds = null;
        try (FaceTracker tracker = landmarker.open(new TrackerOptions(numFaces, true))) {
            for (JsonObject item : root.getJsonArray("items").getValuesAs(JsonObject.class)) {
                Image img = image(item);
                List<Face> ours = tracker.process(img, item.getJsonNumber("timestampMs").longValue() * 1000L, detector);
                JsonArray ref = item.getJsonArray("faces");
                assertThat(ours).as(item.getString("image") + " face count").hasSize(ref.size());
                List<Integer> ids = ours.stream().map(Face::trackId).toList();
                if (firstIds == null) {
                    firstIds = ids;
                }
                assertThat(ids).as("track ids stay while the faces are tracked").isEqualTo(firstIds);
                for (int f = 0; f < ref.size(); f++) {
                    fig.add(item.getString("image") + " face " + f, ours.get(f).landmarks(),
                            blendshapes.scores(ours.get(f).landmarks(), img.width(), img.height()),
                            ref.getJsonObject(f), img.width(), img.height());
                }
            }
            System.out.println("  detector calls: " + ((MediaPipeTracker) tracker).detectorCalls() + " for "
                    + root.getJsonArray("items").size() + " frames");
        }
        fig.print("VIDEO mode free-running, " + file + ", numFaces " + numFaces);
        fig.assertWithin(0.05, 0.05);
    }

    /**
     * Small faces: FER2013 test images (25 per class, 175) at their native 48x48 and upscaled to 64 px as the data-set
     * build does by default, IMAGE mode, numFaces 1. Each image is read from the shared zip, decoded with
     * {@link ImageConversion} (must give the browser's pixels exactly) and, for the 64 px fixture, enlarged with
     * {@link Upscale} (the fixture used the JavaScript copy parity/upscale.mjs on the browser's pixels). Face found or
     * not must agree on at least 99% of the images; for the faces both found, blendshape MAE median <= 0.001 and
     * p90 <= 0.003, and bounds on landmarks (x, y and z) and on the largest single blendshape difference.
     */
    @ParameterizedTest
    @CsvSource({"fer2013-image-mode.json", "fer2013-upscaled-image-mode.json"})
    void smallFacesMatchMediaPipe(String file) throws Exception {
        JsonObject root = read(file);
        assertThat(root.getString("mode")).isEqualTo("IMAGE");
        assertThat(root.getInt("numFaces")).isEqualTo(1);
        int upscale = root.getInt("upscaleLongerSide", 0);
        Path zipPath = TestMedia.shared().resolve("data/fer2013/fer2013-images.zip");
        if (!Files.isRegularFile(zipPath)) {
            throw new IllegalStateException(zipPath.toAbsolutePath() + " is missing: the FER2013 zip is expected in "
                    + "../shared/data/fer2013 beside the checkout (or -Demotionlens.shared=DIR)");
        }
        List<JsonObject> items = root.getJsonArray("items").getValuesAs(JsonObject.class);
        Figures fig = new Figures();
        List<String> pixelMismatches = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        int found = 0;
        try (ZipFile zip = new ZipFile(zipPath.toFile());
                FaceTracker tracker = landmarker.open(new TrackerOptions(1, false))) {
            for (JsonObject item : items) {
                String name = item.getString("image");
                assertThat(name).startsWith("fer2013:").endsWith(upscale > 0 ? "@" + upscale : ".jpg");
                String entryName = name.substring("fer2013:".length(), upscale > 0 ? name.lastIndexOf('@') : name.length());
                ZipEntry entry = zip.getEntry(entryName);
                assertThat(entry).as("zip entry %s", entryName).isNotNull();
                byte[] jpeg;
                try (InputStream in = zip.getInputStream(entry)) {
                    jpeg = in.readAllBytes();
                }
                Image img = ImageConversion.read(jpeg, entryName);
                if (upscale > 0) {
                    img = Upscale.toLongerSide(img, upscale);
                }
                assertThat(img.width()).isEqualTo(item.getInt("width"));
                assertThat(img.height()).isEqualTo(item.getInt("height"));
                if (!sha256(img.rgb()).equals(item.getString("rgbSha256"))) {
                    pixelMismatches.add(name);
                }
                List<Face> ours = tracker.process(img, 0, detector);
                JsonArray ref = item.getJsonArray("faces");
                if (!ref.isEmpty()) {
                    found++;
                }
                if (ours.size() != ref.size()) {
                    disagreements.add(String.format("%s: ours %d (score %s), MediaPipe %d", name, ours.size(),
                            ours.isEmpty() ? "-" : String.format("%.4f", ours.get(0).score()), ref.size()));
                    continue;
                }
                for (int f = 0; f < ref.size(); f++) {
                    Face face = ours.get(f);
                    fig.add(name, face.landmarks(), blendshapes.scores(face.landmarks(), img.width(), img.height()),
                            ref.getJsonObject(f), img.width(), img.height());
                }
            }
        }
        double agreement = 1.0 - (double) disagreements.size() / items.size();
        String title = String.format("FER2013 %s, IMAGE mode, numFaces 1, %d images (%s)",
                upscale > 0 ? "upscaled to " + upscale + " px" : "native 48x48", items.size(), file);
        fig.print(title);
        System.out.printf("  decoded pixels equal to the browser's: %d of %d images%s%n", items.size()
                - pixelMismatches.size(), items.size(), pixelMismatches.isEmpty() ? "" : " (differ: " + pixelMismatches + ")");
        System.out.printf("  MediaPipe found a face in %d of %d; face found/not found agrees on %d of %d = %.1f%%%s%n",
                found, items.size(), items.size() - disagreements.size(), items.size(), 100 * agreement,
                disagreements.isEmpty() ? "" : " (differ: " + disagreements + ")");
        assertThat(pixelMismatches).as("images whose decoded pixels differ from the browser's").isEmpty();
        assertThat(agreement).as("face found/not found agreement").isGreaterThanOrEqualTo(0.99);
        assertThat(median(fig.mae)).as("median per-face blendshape MAE").isLessThanOrEqualTo(0.001);
        assertThat(quantile(fig.mae, 0.9)).as("p90 per-face blendshape MAE").isLessThanOrEqualTo(0.003);
        fig.assertWithin(FER_MAX_LANDMARK_FRACTION, FER_MAX_BLENDSHAPE_MAE);
        fig.assertZWithin(FER_MAX_Z_FRACTION);
        fig.assertSingleBlendshapeWithin(FER_MAX_SINGLE_BLENDSHAPE);
    }

    static JsonObject read(String file) throws Exception {
        Path json = DIR.resolve(file);
        if (!Files.isRegularFile(json)) {
            throw new IllegalStateException(json.toAbsolutePath() + " is missing: run parity/generate.mjs (see its README)");
        }
        try (JsonReader r = Json.createReader(Files.newBufferedReader(json))) {
            return r.readObject();
        }
    }

    static Image image(JsonObject item) throws Exception {
        Path file = DIR.resolve(item.getString("image"));
        Image img = TestMedia.read(file);
        assertThat(sha256(img.rgb())).as("decoded pixels of %s equal the browser's", file)
                .isEqualTo(item.getString("rgbSha256"));
        return img;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static float[] landmarks(JsonArray pts) {
        assertThat(pts).hasSize(478);
        float[] out = new float[478 * 3];
        for (int i = 0; i < 478; i++) {
            JsonArray p = pts.getJsonArray(i);
            for (int c = 0; c < 3; c++) {
                out[3 * i + c] = (float) p.getJsonNumber(c).doubleValue();
            }
        }
        return out;
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** The q-quantile, linear between the sorted values (q = 0.9: p90). */
    static double quantile(List<Double> v, double q) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        double pos = q * (a.length - 1);
        int i = (int) Math.floor(pos);
        return i + 1 < a.length ? a[i] + (pos - i) * (a[i + 1] - a[i]) : a[i];
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
