package org.emotionlens.detector.fullrange.internal;

import org.emotionlens.geometry.SsdAnchors;
import org.emotionlens.geometry.SsdFaceDecoder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.emotionlens.api.Box;
import org.emotionlens.api.Detection;
import org.emotionlens.api.Image;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.api.image.ImageConversion;
import org.emotionlens.api.image.Upscale;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.emotionlens.models.ModelException;
import org.emotionlens.models.ModelLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * MediaPipe's full-range BlazeFace on real pictures, beside the short-range BlazeFace the pipeline uses by default:
 * the committed parity photos and video frames (two people in 27 frames of the facemesh video, the face-api group
 * photos) and FER2013's PrivateTest images read from the shared zip. The model comes from its npm package, fetched
 * once with npm like the test media, and must have the manifest's sha256.
 */
class FullRangeDetectorTest {
    static final String PACKAGE = "@mediapipe/face_detection@0.4.1657300184";
    static final Path PARITY = Path.of(System.getProperty("emotionlens.project", "../.."))
            .resolve("bundles/emotion.landmarker/src/test/resources/parity/images");

    static byte[] model;
    static FullRangeDetector full;
    static FullRangeDetector zoomed;
    static BlazeFaceDetector shortRange;

    @BeforeAll
    static void load() throws IOException {
        Path file = ModelLocator.of(TestMedia.npmPackage(PACKAGE)).require(FullRangeDetector.MODEL);
        model = Files.readAllBytes(file);
        full = new FullRangeDetector(model, 0.5f, 0.3f, 1f, 1);
        zoomed = new FullRangeDetector(model, 0.5f, 0.3f, 2f, 1);
        shortRange = BlazeFaceDetector.withDefaults(TestMedia.models(), 1);
    }

    @AfterAll
    static void close() {
        full.close();
        zoomed.close();
        shortRange.close();
    }

    static List<Path> parity(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(PARITY)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    @Test
    void findsBothPeopleInTheVideoFramesWithBoxesAndEyesWhereBlazeFacePutsThem() throws IOException {
        List<Path> frames = parity("facemesh-frame-");
        assertThat(frames).hasSize(27);
        int both = 0;
        int bothZoomed = 0;
        Agreement agreement = new Agreement();
        for (Path f : frames) {
            Image img = TestMedia.read(f);
            List<Detection> ref = shortRange.detect(img);
            List<Detection> found = full.detect(img);
            List<Detection> foundZoomed = zoomed.detect(img);
            System.out.printf("%s: short range %d, full range %d, zoomed out %d%n", f.getFileName(), ref.size(),
                    found.size(), foundZoomed.size());
            both += people(found) == 2 ? 1 : 0;
            bothZoomed += people(foundZoomed) == 2 ? 1 : 0;
            for (List<Detection> l : List.of(found, foundZoomed)) {
                checkEach(l);
                agreement.add(ref, l);
            }
        }
        System.out.printf("frames with both people: full range %d, zoomed out %d of %d%n", both, bothZoomed,
                frames.size());
        assertThat(both).as("frames where the full-range model finds both people").isGreaterThanOrEqualTo(22);
        assertThat(bothZoomed).as("the same, zoomed out 2x").isGreaterThanOrEqualTo(25);
        agreement.check("video frames", 0.15, 0.4, 0.12);
    }

    @Test
    void findsAtLeastTheFacesShortRangeBlazeFaceFindsInGroupPhotos() throws IOException {
        int fullTotal = 0;
        int shortTotal = 0;
        Agreement agreement = new Agreement();
        for (Path f : parity("sample")) {
            Image img = TestMedia.read(f);
            List<Detection> ref = shortRange.detect(img);
            List<Detection> found = full.detect(img);
            checkEach(found);
            agreement.add(ref, found);
            System.out.printf("%s %dx%d: short range %d, full range %d (scores %s)%n", f.getFileName(), img.width(),
                    img.height(), ref.size(), found.size(), found.stream().map(d -> String.format("%.2f", d.score()))
                            .toList());
            fullTotal += found.size();
            shortTotal += ref.size();
            // faces a few percent of a 1920 px photo wide: the short-range model's 128 px view loses some
            assertThat(found.size()).as(f.toString()).isGreaterThanOrEqualTo(people(ref));
        }
        System.out.printf("group photos: short range %d, full range %d%n", shortTotal, fullTotal);
        assertThat(fullTotal).isGreaterThan(shortTotal);
        agreement.check("group photos", 0.25, 0.5, 0.25);
    }

    @Test
    void onFer2013TestImagesZoomedOutItFindsFacesWhereBlazeFaceDoesWithOverlappingBoxes() throws IOException {
        Path zipPath = TestMedia.shared().resolve("data/fer2013/fer2013-images.zip");
        int images = 0;
        int shortFound = 0;
        int fullFound = 0;
        int zoomedFound = 0;
        int bothFound = 0;
        List<Double> ious = new ArrayList<>();
        long[] nanos = new long[3];
        try (ZipFile zip = new ZipFile(zipPath.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries()).stream()
                    .filter(e -> !e.isDirectory() && e.getName().startsWith("test/")).toList();
            assertThat(entries).hasSize(3589);
            for (int i = 0; i < entries.size(); i += 4) {
                ZipEntry e = entries.get(i);
                Image img;
                try (InputStream in = zip.getInputStream(e)) {
                    // as the fer2013-test profiles feed them: 48x48 grey enlarged to 64 px
                    img = Upscale.toLongerSide(ImageConversion.read(in.readAllBytes(), e.getName()), 64);
                }
                images++;
                long t0 = System.nanoTime();
                List<Detection> ref = shortRange.detect(img);
                long t1 = System.nanoTime();
                List<Detection> asShipped = full.detect(img);
                long t2 = System.nanoTime();
                List<Detection> found = zoomed.detect(img);
                nanos[0] += t1 - t0;
                nanos[1] += t2 - t1;
                nanos[2] += System.nanoTime() - t2;
                shortFound += ref.isEmpty() ? 0 : 1;
                fullFound += asShipped.isEmpty() ? 0 : 1;
                zoomedFound += found.isEmpty() ? 0 : 1;
                if (!ref.isEmpty() && !found.isEmpty()) {
                    bothFound++;
                    ious.add((double) ref.get(0).box().iou(found.get(0).box()));
                    checkEach(found.subList(0, 1));
                }
            }
        }
        System.out.printf("FER2013 test, every 4th of 3589 at 64 px: %d images; a face found by short range %d, full "
                + "range %d, full range zoomed out 2x %d; top-box IoU with short range where both found one: median "
                + "%.3f, 5th percentile %.3f; ms per image %.2f / %.2f / %.2f%n", images, shortFound, fullFound,
                zoomedFound, quantile(ious, 0.5), quantile(ious, 0.05), nanos[0] / 1e6 / images, nanos[1] / 1e6 / images,
                nanos[2] / 1e6 / images);
        // As MediaPipe feeds it, the model misses most faces that fill the picture (it was trained on farther faces)
        assertThat(fullFound).as("faces found as shipped").isLessThan(images / 3);
        // zoomed out (the fer2013-test-fullrange profile) it finds most of them, in the same place as BlazeFace
        assertThat(zoomedFound).as("faces found zoomed out").isGreaterThan(images * 8 / 10);
        assertThat(quantile(ious, 0.5)).isGreaterThan(0.6);
        assertThat(quantile(ious, 0.05)).isGreaterThan(0.4);
    }

    /**
     * Where the faces and eyes really are: Google's MediaPipe runtime's 478 landmarks for the same 33 pictures
     * (the landmarker's parity fixture, IMAGE mode, up to 4 faces). Each reference face must be found, with eye
     * keypoints near its iris centres (landmarks 468 and 473) and a box over its landmarks, about as well as the
     * short-range detector does.
     */
    @Test
    void eyesAndBoxesMatchGoogleRuntimesLandmarks() throws IOException {
        JsonObject root;
        try (JsonReader r = Json.createReader(Files.newBufferedReader(PARITY.resolveSibling("image-mode.json")))) {
            root = r.readObject();
        }
        int faces = 0;
        int[] found = new int[3];
        List<List<Double>> eyes = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Double>> ious = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (JsonObject item : root.getJsonArray("items").getValuesAs(JsonObject.class)) {
            Image img = TestMedia.read(PARITY.resolveSibling(item.getString("image")));
            List<List<Detection>> byDetector = List.of(shortRange.detect(img), full.detect(img), zoomed.detect(img));
            for (JsonObject face : item.getJsonArray("faces").getValuesAs(JsonObject.class)) {
                JsonArray lm = face.getJsonArray("landmarks");
                float minX = 1;
                float minY = 1;
                float maxX = 0;
                float maxY = 0;
                for (int i = 0; i < 468; i++) {
                    float x = (float) lm.getJsonArray(i).getJsonNumber(0).doubleValue();
                    float y = (float) lm.getJsonArray(i).getJsonNumber(1).doubleValue();
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
                Box extent = new Box(minX, minY, maxX - minX, maxY - minY);
                double[] a = point(lm, 468, img);
                double[] b = point(lm, 473, img);
                double[] left = a[0] <= b[0] ? a : b; // the eye on the observer's left: keypoint 0
                double[] right = a[0] <= b[0] ? b : a;
                double iod = Math.hypot(right[0] - left[0], right[1] - left[1]);
                faces++;
                for (int d = 0; d < 3; d++) {
                    Detection best = null;
                    float bestIou = 0.2f;
                    for (Detection det : byDetector.get(d)) {
                        if (det.box().iou(extent) > bestIou) {
                            bestIou = det.box().iou(extent);
                            best = det;
                        }
                    }
                    if (best == null) {
                        continue;
                    }
                    found[d]++;
                    ious.get(d).add((double) bestIou);
                    float[] kp = best.keypoints();
                    eyes.get(d).add(Math.max(
                            Math.hypot(kp[0] * img.width() - left[0], kp[1] * img.height() - left[1]),
                            Math.hypot(kp[2] * img.width() - right[0], kp[3] * img.height() - right[1])) / iod);
                }
            }
        }
        String[] names = {"short range", "full range", "full range zoomed out 2x"};
        for (int d = 0; d < 3; d++) {
            System.out.printf("%s: %d of %d reference faces; eye keypoint error median %.3f p90 %.3f max %.3f "
                    + "(inter-ocular distances); IoU with the landmarks' extent median %.3f min %.3f%n", names[d],
                    found[d], faces, quantile(eyes.get(d), 0.5), quantile(eyes.get(d), 0.9), quantile(eyes.get(d), 1),
                    quantile(ious.get(d), 0.5), quantile(ious.get(d), 0));
        }
        assertThat(faces).as("faces in the fixture").isEqualTo(56);
        assertThat(found[2]).as("reference faces found zoomed out").isGreaterThanOrEqualTo(faces - 3);
        assertThat(found[1]).as("reference faces found as shipped").isGreaterThanOrEqualTo(faces - 8);
        for (int d = 1; d < 3; d++) {
            assertThat(quantile(eyes.get(d), 0.5)).as(names[d] + ": median eye error").isLessThan(0.25);
            assertThat(quantile(eyes.get(d), 0.9)).as(names[d] + ": p90 eye error").isLessThan(0.5);
            assertThat(quantile(ious.get(d), 0.5)).as(names[d] + ": median IoU with the landmarks' extent")
                    .isGreaterThan(0.5);
        }
    }

    private static double[] point(JsonArray landmarks, int i, Image img) {
        JsonArray p = landmarks.getJsonArray(i);
        return new double[] {p.getJsonNumber(0).doubleValue() * img.width(), p.getJsonNumber(1).doubleValue() * img.height()};
    }

    @Test
    void noFaceGivesAnEmptyList() throws IOException {
        assertThat(full.detect(TestMedia.grey(640, 480))).isEmpty();
        assertThat(zoomed.detect(TestMedia.grey(64, 64))).isEmpty();
        Image photo = TestMedia.read(parity("sample").get(0));
        // a thin strip of the photo's top edge: background only
        assertThat(full.detect(TestMedia.crop(photo, 0, 0, photo.width(), 12))).isEmpty();
    }

    @Test
    void anchorsFollowTheFullRangeSsdLayoutAndTheRuleGivesTheShortRangeOnes() {
        float[] c = SsdAnchors.fullRange();
        assertThat(c).hasSize(2304 * 2);
        assertThat(c[0]).isEqualTo(0.5f / 48);
        assertThat(c[1]).isEqualTo(0.5f / 48);
        assertThat(c[2]).isEqualTo(1.5f / 48); // one anchor per cell: the next one is the next column
        assertThat(c[48 * 2 + 1]).isEqualTo(1.5f / 48); // row 1
        assertThat(c[2303 * 2]).isEqualTo(47.5f / 48);
        // the same rule with the short-range options gives BlazeFace's 896 (2 per cell on 16x16, 6 per cell on 8x8)
        float[] s = SsdAnchors.centres(128, new int[] {8, 16, 16, 16}, true);
        assertThat(s).hasSize(896 * 2);
        assertThat(s[2]).isEqualTo(s[0]);
        assertThat(s[512 * 2]).isEqualTo(0.5f / 8);
        assertThat(s[(512 + 5) * 2]).isEqualTo(0.5f / 8);
        assertThat(s[(512 + 6) * 2]).isEqualTo(1.5f / 8);
    }

    @Test
    void weightedNmsMergesOverlapsByScoreAndKeepsSeparateFaces() {
        var a = new SsdFaceDecoder.Candidate(0.9f, 0.10f, 0.10f, 0.30f, 0.30f, new float[] {0.2f, 0.2f});
        var b = new SsdFaceDecoder.Candidate(0.6f, 0.12f, 0.12f, 0.32f, 0.32f, new float[] {0.3f, 0.2f});
        var far = new SsdFaceDecoder.Candidate(0.7f, 0.60f, 0.60f, 0.80f, 0.80f, new float[] {0.7f, 0.7f});
        List<SsdFaceDecoder.Candidate> out = SsdFaceDecoder.weightedNms(List.of(b, far, a), 0.3f);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).score()).isEqualTo(0.9f);
        assertThat(out.get(0).xmin()).isCloseTo((0.10f * 0.9f + 0.12f * 0.6f) / 1.5f, within(1e-6f));
        assertThat(out.get(0).keypoints()[0]).isCloseTo((0.2f * 0.9f + 0.3f * 0.6f) / 1.5f, within(1e-6f));
        assertThat(out.get(1).score()).isEqualTo(0.7f);
        assertThat(out.get(1).keypoints()).containsExactly(0.7f, 0.7f);
    }

    @Test
    void decodingScalesByTheInputSizeAroundTheAnchorAndDropsLowScores() {
        SsdFaceDecoder d = new SsdFaceDecoder(new float[] {0.25f, 0.75f, 0.5f, 0.5f}, 192f);
        float[] reg = new float[2 * SsdFaceDecoder.COORDS];
        reg[0] = 19.2f; // centre x + 0.1
        reg[1] = -19.2f; // centre y - 0.1
        reg[2] = 38.4f; // width 0.2
        reg[3] = 57.6f; // height 0.3
        reg[4] = 9.6f; // keypoint 0 x: anchor + 0.05
        List<SsdFaceDecoder.Candidate> c = d.decode(reg, new float[] {0f, -3f}, 0.5f);
        assertThat(c).hasSize(1); // sigmoid(0) = 0.5 kept (>=), sigmoid(-3) dropped
        assertThat(c.get(0).xmin()).isCloseTo(0.25f, within(1e-6f));
        assertThat(c.get(0).ymin()).isCloseTo(0.50f, within(1e-6f));
        assertThat(c.get(0).xmax()).isCloseTo(0.45f, within(1e-6f));
        assertThat(c.get(0).ymax()).isCloseTo(0.80f, within(1e-6f));
        assertThat(c.get(0).keypoints()[0]).isCloseTo(0.30f, within(1e-6f));
        assertThat(c.get(0).keypoints()[1]).isCloseTo(0.75f, within(1e-6f));
    }

    @Test
    void zoomingOutMapsDetectionsBackToTheImage() {
        // a 200x100 image in a square of 2 x 200: tensor centre is image centre, the tensor spans 400 px
        Letterbox l = new Letterbox(192, 2);
        assertThat(l.imageX(0.5, 200, 100)).isEqualTo(100.0);
        assertThat(l.imageY(0.5, 200, 100)).isEqualTo(50.0);
        assertThat(l.imageX(0.25, 200, 100)).isEqualTo(0.0);
        assertThat(l.imageY(0.25, 200, 100)).isEqualTo(-50.0);
        assertThatThrownBy(() -> new Letterbox(192, 0.5)).hasMessageContaining("zoom.out");
    }

    @Test
    void aWrongOrMissingModelFileIsRefusedNamingWhatToDo(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> ModelLocator.of(tmp).require(FullRangeDetector.MODEL)).isInstanceOf(ModelException.class)
                .hasMessageContaining("face_detection_full_range.tflite").hasMessageContaining("models fetch")
                .hasMessageContaining("@mediapipe/face_detection");
        Files.write(tmp.resolve("face_detection_full_range.tflite"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> FullRangeDetector.modelBytes(ModelLocator.of(tmp), "", ""))
                .isInstanceOf(ModelException.class).hasMessageContaining("must have sha256");
        // the short-range model is a valid TFLite file of the wrong shape
        Path shortRange = TestMedia.npmPackage(PACKAGE).resolve("face_detection_short_range.tflite");
        assertThatThrownBy(() -> new FullRangeDetector(Files.readAllBytes(shortRange), 0.5f, 0.3f, 1f, 1))
                .hasMessageContaining("[1, 128, 128, 3]").hasMessageContaining("right model file");
    }

    @Test
    void aClosedDetectorSaysSo() {
        FullRangeDetector d = new FullRangeDetector(model, 0.5f, 0.3f, 1f, 1);
        d.close();
        d.close();
        assertThatThrownBy(() -> d.detect(TestMedia.grey(64, 64))).isInstanceOf(StageClosedException.class);
    }

    /** Every detection: score in range, descending, 6 keypoints, eyes and nose in the box, right eye left of left. */
    private static void checkEach(List<Detection> found) {
        for (int i = 0; i < found.size(); i++) {
            Detection d = found.get(i);
            assertThat(d.score()).isBetween(0.5f, 1f);
            if (i > 0) {
                assertThat(d.score()).isLessThanOrEqualTo(found.get(i - 1).score());
            }
            assertThat(d.keypointCount()).isEqualTo(6);
            Box b = d.box();
            assertThat(b.width()).isPositive();
            assertThat(b.height()).isPositive();
            for (int k = 0; k < 3; k++) {
                assertThat(d.keypoints()[2 * k]).isBetween(b.x(), b.x() + b.width());
                assertThat(d.keypoints()[2 * k + 1]).isBetween(b.y(), b.y() + b.height());
            }
            assertThat(d.keypoints()[0]).isLessThan(d.keypoints()[2]);
        }
    }

    /** How a full-range face that overlaps a confident short-range face differs from it, in face widths. */
    static final class Agreement {
        final List<Double> centre = new ArrayList<>();
        final List<Double> size = new ArrayList<>();
        final List<Double> eyes = new ArrayList<>();

        /**
         * Each short-range face with score >= 0.75 and the full-range box that overlaps it most (IoU > 0.3): centre
         * distance and eye keypoint distances in short-range face widths, width ratio full / short.
         */
        void add(List<Detection> ref, List<Detection> found) {
            for (Detection r : ref) {
                if (r.score() < 0.75f) {
                    continue;
                }
                Detection best = null;
                float bestIou = 0.3f;
                for (Detection d : found) {
                    float iou = r.box().iou(d.box());
                    if (iou > bestIou) {
                        bestIou = iou;
                        best = d;
                    }
                }
                if (best == null) {
                    continue;
                }
                Box a = r.box();
                Box b = best.box();
                centre.add(Math.hypot(a.centerX() - b.centerX(), a.centerY() - b.centerY()) / a.width());
                size.add((double) (b.width() / a.width()));
                for (int k = 0; k < 2; k++) {
                    eyes.add(Math.hypot(r.keypoints()[2 * k] - best.keypoints()[2 * k],
                            r.keypoints()[2 * k + 1] - best.keypoints()[2 * k + 1]) / a.width());
                }
            }
        }

        /** The same faces in the same place: medians and worst cases, printed and checked. */
        void check(String what, double medianCentre, double maxCentre, double medianEyes) {
            System.out.printf("%s: %d faces matched; centre distance median %.3f max %.3f, width ratio median %.2f "
                    + "range %.2f-%.2f, eye distance median %.3f max %.3f (face widths)%n", what, size.size(),
                    quantile(centre, 0.5), quantile(centre, 1), quantile(size, 0.5), quantile(size, 0), quantile(size, 1),
                    quantile(eyes, 0.5), quantile(eyes, 1));
            assertThat(size).as(what + ": matched faces").isNotEmpty();
            assertThat(quantile(centre, 0.5)).as(what + ": median centre distance").isLessThan(medianCentre);
            assertThat(quantile(centre, 1)).as(what + ": largest centre distance").isLessThan(maxCentre);
            assertThat(quantile(eyes, 0.5)).as(what + ": median eye distance").isLessThan(medianEyes);
            // the boxes are drawn differently: larger than short range on the video frames, smaller on the photos
            assertThat(quantile(size, 0.5)).as(what + ": median width ratio").isBetween(0.7, 1.5);
        }
    }

    /** Detections that are separate people: boxes that do not overlap a higher-scored one (IoU <= 0.3). */
    private static int people(List<Detection> found) {
        List<Box> kept = new ArrayList<>();
        for (Detection d : found) {
            if (kept.stream().noneMatch(k -> k.iou(d.box()) > 0.3f)) {
                kept.add(d.box());
            }
        }
        return kept.size();
    }

    private static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get((int) Math.min(s.size() - 1, Math.floor(q * s.size())));
    }
}
