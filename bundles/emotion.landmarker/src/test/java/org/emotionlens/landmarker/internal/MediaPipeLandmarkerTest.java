package org.emotionlens.landmarker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipFile;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Detection;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.api.image.ImageConversion;
import org.emotionlens.api.image.Upscale;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.geometry.RotatedRect;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.emotionlens.features.blendshapes.internal.BlendshapeExtractor;
import org.emotionlens.models.ModelFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The landmarker on real photos and a real face video, with the real detector. */
class MediaPipeLandmarkerTest {
    static BlazeFaceDetector detector;
    static MediaPipeFaceLandmarker landmarker;
    static BlendshapeExtractor blendshapes;
    static List<Image> video;

    @BeforeAll
    static void load() {
        detector = BlazeFaceDetector.withDefaults(TestMedia.models(), 1);
        landmarker = MediaPipeFaceLandmarker.withDefaults(TestMedia.models(), 1);
        blendshapes = BlendshapeExtractor.withDefaults(TestMedia.models());
        video = TestMedia.faceVideoFrames(80);
    }

    @AfterAll
    static void close() {
        detector.close();
        landmarker.close();
        blendshapes.close();
    }

    @Test
    void landmarksOfRealPhotosLieInTheirFaceRoi() {
        int faces = 0;
        for (Path photo : TestMedia.facePhotos()) {
            Image img = TestMedia.read(photo);
            List<Detection> detections = detector.detect(img);
            try (FaceTracker t = landmarker.open(new TrackerOptions(10, false))) {
                for (Face f : t.process(img, 0, detector)) {
                    faces++;
                    assertThat(f.landmarks()).hasSize(478 * 3);
                    assertThat(f.score()).isGreaterThan(0.5f);
                    assertThat(f.blendshapes()).isNull(); // the blendshape extractor computes those
                    // the detection this face came from (IMAGE mode: track id = detection index among present faces)
                    Detection d = detections.stream().filter(x -> contains(x, f.box().centerX(), f.box().centerY()))
                            .findFirst().orElseThrow(() -> new AssertionError(photo + ": face " + f.box() + " in no detection"));
                    RotatedRect roi = MediaPipeTracker.rectFromDetection(d, img.width(), img.height());
                    float r = Math.max(roi.width(), roi.height()); // rotated ROI fits in a circle of this diameter
                    for (int i = 0; i < 478; i++) {
                        assertThat(Math.abs(f.landmarks()[3 * i] - roi.xCenter())).isLessThan(r);
                        assertThat(Math.abs(f.landmarks()[3 * i + 1] - roi.yCenter())).isLessThan(r);
                    }
                    // the eye corners 33 and 263 lie inside the detector's face box
                    for (int i : new int[] {33, 263}) {
                        assertThat(contains(d, f.landmarks()[3 * i], f.landmarks()[3 * i + 1])).isTrue();
                    }
                }
            }
        }
        assertThat(faces).isGreaterThanOrEqualTo(5);
    }

    @Test
    void noFaceGivesAnEmptyListInBothModes() {
        Image photo = TestMedia.read(TestMedia.facePhotos().get(0));
        for (Image img : List.of(TestMedia.grey(640, 480), TestMedia.crop(photo, 0, 0, photo.width(), 12))) {
            for (boolean video : new boolean[] {false, true}) {
                try (FaceTracker t = landmarker.open(new TrackerOptions(2, video))) {
                    assertThat(t.process(img, 0, detector)).isEmpty();
                    assertThat(t.process(img, 33_000, detector)).isEmpty();
                }
            }
        }
    }

    @Test
    void smilingFaceHasHighSmileBlendshapes() {
        // sample1.jpg: the one face MediaPipe finds is a woman smiling with closed lips (checked by eye)
        Image img = TestMedia.read(TestMedia.facePhotos().get(0));
        try (FaceTracker t = landmarker.open(new TrackerOptions(1, false))) {
            List<Face> faces = t.process(img, 0, detector);
            assertThat(faces).hasSize(1);
            FeatureVector v = blendshapes.extract(new Frame("sample1.jpg", 0, 0, img, null), faces.get(0));
            assertThat(v.names()).isEqualTo(Blendshapes.NAMES);
            float smileLeft = v.values()[Blendshapes.NAMES.indexOf("mouthSmileLeft")];
            float smileRight = v.values()[Blendshapes.NAMES.indexOf("mouthSmileRight")];
            float frownLeft = v.values()[Blendshapes.NAMES.indexOf("mouthFrownLeft")];
            System.out.printf("sample1 smile %.3f %.3f frown %.3f%n", smileLeft, smileRight, frownLeft);
            assertThat(smileLeft).isGreaterThan(0.5f);
            assertThat(smileRight).isGreaterThan(0.5f);
            assertThat(frownLeft).isLessThan(0.1f);
        }
    }

    @Test
    void videoTrackingKeepsIdsAndCallsTheDetectorRarely() {
        AtomicInteger calls = new AtomicInteger();
        FaceDetector counting = image -> {
            calls.incrementAndGet();
            return detector.detect(image);
        };
        List<List<Integer>> ids = new ArrayList<>();
        try (FaceTracker t = landmarker.open(new TrackerOptions(2, true))) {
            for (int i = 0; i < video.size(); i++) {
                ids.add(t.process(video.get(i), i * 33_333L, counting).stream().map(Face::trackId).toList());
            }
        }
        long twoFaceFrames = ids.stream().filter(l -> l.size() == 2).count();
        int idChanges = 0;
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            all.addAll(ids.get(i));
            if (i > 0 && !ids.get(i).equals(ids.get(i - 1))) {
                idChanges++;
            }
        }
        System.out.printf("tracking %d frames: detector calls %d, frames with 2 faces %d, id changes %d, ids %s%n",
                video.size(), calls.get(), twoFaceFrames, idChanges, all);
        assertThat(twoFaceFrames).isGreaterThan(video.size() * 3 / 4);
        assertThat(calls.get()).isLessThan(video.size() / 4);
        assertThat(idChanges).isLessThan(video.size() / 10);
        assertThat(ids.get(0)).containsExactly(0, 1); // first detections get fresh ids in order

        // IMAGE mode runs the detector on every frame
        calls.set(0);
        try (FaceTracker t = landmarker.open(new TrackerOptions(2, false))) {
            for (int i = 0; i < 10; i++) {
                t.process(video.get(i), i * 33_333L, counting);
            }
        }
        assertThat(calls.get()).isEqualTo(10);
    }

    @Test
    void facesLandmarkedAtOnceGiveWhatOneAfterAnotherGives() {
        MediaPipeFaceLandmarker parallel = new MediaPipeFaceLandmarker(
                TestMedia.models().taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.FACE_LANDMARKS_ENTRY),
                TestMedia.models().taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.GEOMETRY_METADATA_ENTRY), 0.5f, 0.5f,
                1, 3);
        int twoFaces = 0;
        try (FaceTracker one = landmarker.open(new TrackerOptions(4, true));
                FaceTracker three = parallel.open(new TrackerOptions(4, true))) {
            for (int i = 0; i < 30; i++) {
                List<Face> a = one.process(video.get(i), i * 33_333L, detector);
                List<Face> b = three.process(video.get(i), i * 33_333L, detector);
                assertThat(b).hasSameSizeAs(a);
                twoFaces += a.size() == 2 ? 1 : 0;
                for (int k = 0; k < a.size(); k++) {
                    assertThat(b.get(k).trackId()).isEqualTo(a.get(k).trackId());
                    assertThat(b.get(k).landmarks()).containsExactly(a.get(k).landmarks());
                }
            }
        } finally {
            parallel.close();
        }
        assertThat(twoFaces).isGreaterThan(20); // the frames did hold several faces to run at once
        assertThatThrownBy(() -> new MediaPipeFaceLandmarker(new byte[0], new byte[0], 0.5f, 0.5f, 1, 0))
                .hasMessageContaining("face.threads must be at least 1");
    }

    @Test
    void videoWithMoreFacesAllowedThanVisibleDetectsEveryFrame() {
        AtomicInteger calls = new AtomicInteger();
        FaceDetector counting = image -> {
            calls.incrementAndGet();
            return detector.detect(image);
        };
        try (FaceTracker t = landmarker.open(new TrackerOptions(4, true))) {
            for (int i = 0; i < 10; i++) {
                assertThat(t.process(video.get(i), i * 33_333L, counting).size()).isLessThan(4);
            }
        }
        assertThat(calls.get()).isEqualTo(10); // fewer tracked faces than maxFaces: MediaPipe re-detects
    }

    @Test
    void singleFaceVideoIsSmoothedFromTheFirstFrameOn() {
        // the same frames in IMAGE mode (raw landmarks) and VIDEO mode maxFaces 1 (One Euro filtered)
        List<List<Face>> raw = new ArrayList<>();
        try (FaceTracker t = landmarker.open(new TrackerOptions(2, false))) {
            for (int i = 0; i < 3; i++) {
                raw.add(t.process(video.get(i), 0, detector));
            }
        }
        try (FaceTracker t = landmarker.open(new TrackerOptions(1, true))) {
            // first frame: from a detection like IMAGE mode, and the filters pass their first value through
            assertThat(maxAbsDiff(t.process(video.get(0), 0, detector).get(0).landmarks(), raw.get(0).get(0).landmarks()))
                    .isLessThan(1e-6);
            for (int i = 1; i < 3; i++) {
                float[] smoothed = t.process(video.get(i), i * 33_333L, detector).get(0).landmarks();
                // the same person's raw landmarks (the other face is far away)
                double d = raw.get(i).stream().mapToDouble(f -> maxAbsDiff(smoothed, f.landmarks())).min().orElseThrow();
                assertThat(d).as("frame %d differs from raw", i).isGreaterThan(1e-4).isLessThan(0.05);
            }
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void closedTrackerAndWrongModelAreReportedClearly() {
        FaceTracker t = landmarker.open(new TrackerOptions(1, true));
        t.close();
        assertThatThrownBy(() -> t.process(video.get(0), 0, detector)).isInstanceOf(StageClosedException.class);
        byte[] blendshapeModel = TestMedia.models().taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.FACE_BLENDSHAPES_ENTRY);
        assertThatThrownBy(() -> new MediaPipeFaceLandmarker(blendshapeModel,
                TestMedia.models().taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.GEOMETRY_METADATA_ENTRY), 0.5f, 0.5f, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ModelFile.FACE_LANDMARKS_ENTRY).hasMessageContaining("[1, 256, 256, 3]");
    }

    @Test
    void blendshapeExtractorReplaysKnownScoresAndSkipsFacesWithoutLandmarks() {
        float[] scores = new float[52];
        scores[44] = 0.9f;
        Face replayed = new Face(3, null, 1f, null, scores, null);
        Frame frame = new Frame("csv", 0, 0, null, List.of(replayed));
        assertThat(blendshapes.extract(frame, replayed).values()).containsExactly(scores);
        Face nothing = new Face(4, null, 1f, null, null, null);
        assertThat(blendshapes.extract(frame, nothing)).isNull();
    }

    /**
     * A FER2013 test face (enlarged to 64 px as the fer2013-test profile does) that BlazeFace finds (score 0.82) but
     * whose landmark result fails presence 0.5: by default no face (MediaPipe's behaviour); with keepRejected the
     * detection itself as a face without landmarks; in VIDEO mode such a face is no track (the detector runs again next frame) and leaves the landmarks
     * of the faces after it as drop gives them.
     */
    @Test
    void aFaceTheLandmarkModelRejectsIsDroppedOrKeptWithTheDetectorsBox() throws Exception {
        Image rejected = fer2013("test/angry/PrivateTest_14740105.jpg");
        List<Detection> detections = detector.detect(rejected);
        assertThat(detections).hasSize(1);
        Detection d = detections.get(0);
        assertThat(d.score()).isGreaterThan(0.5f);
        try (FaceTracker dropping = landmarker.open(new TrackerOptions(1, false));
                FaceTracker keeping = landmarker.open(new TrackerOptions(1, false, true))) {
            assertThat(dropping.process(rejected, 0, detector)).isEmpty();
            List<Face> kept = keeping.process(rejected, 0, detector);
            // what the pipeline makes of a detection without a landmarker: the face crop sees the same pixels
            assertThat(kept).containsExactly(new Face(0, d.box(), d.score(), null, null, null));
            assertThat(kept.get(0).landmarks()).isNull();
            assertThat(kept.get(0).transform()).isNull();
            // faces the landmark model accepts are the same either way
            Image photo = TestMedia.read(TestMedia.facePhotos().get(0));
            List<Face> a = dropping.process(photo, 0, detector);
            List<Face> b = keeping.process(photo, 0, detector);
            assertThat(b).hasSize(1).hasSameSizeAs(a);
            assertThat(b.get(0).landmarks()).containsExactly(a.get(0).landmarks());
            assertThat(b.get(0).box()).isEqualTo(a.get(0).box());
        }
        AtomicInteger calls = new AtomicInteger();
        FaceDetector counting = image -> {
            calls.incrementAndGet();
            return detector.detect(image);
        };
        try (FaceTracker dropping = landmarker.open(new TrackerOptions(1, true));
                FaceTracker keeping = landmarker.open(new TrackerOptions(1, true, true))) {
            for (int i = 0; i < 2; i++) {
                assertThat(dropping.process(rejected, i * 33_333L, detector)).isEmpty();
                calls.set(0);
                List<Face> kept = keeping.process(rejected, i * 33_333L, counting);
                assertThat(calls.get()).as("frame %d: no track, so the detector runs", i).isEqualTo(1);
                assertThat(kept).hasSize(1);
                assertThat(kept.get(0).box()).isEqualTo(d.box());
                assertThat(kept.get(0).landmarks()).isNull();
            }
            for (int i = 2; i < 6; i++) {
                List<Face> a = dropping.process(video.get(i), i * 33_333L, detector);
                List<Face> b = keeping.process(video.get(i), i * 33_333L, detector);
                assertThat(b).hasSize(1).hasSameSizeAs(a);
                assertThat(b.get(0).trackId()).isEqualTo(a.get(0).trackId());
                // smoothed from this face's first frame on in both: the box faces did not feed the smoother
                assertThat(b.get(0).landmarks()).containsExactly(a.get(0).landmarks());
            }
        }
    }

    /** A FER2013 image from the shared zip, enlarged to 64 px as the fer2013-test profile reads it. */
    private static Image fer2013(String entry) throws Exception {
        Path zipPath = TestMedia.shared().resolve("data/fer2013/fer2013-images.zip");
        if (!Files.isRegularFile(zipPath)) {
            throw new IllegalStateException(zipPath.toAbsolutePath() + " is missing: the FER2013 zip is expected in "
                    + "../shared/data/fer2013 beside the checkout (or -Demotionlens.shared=DIR)");
        }
        try (ZipFile zip = new ZipFile(zipPath.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            return Upscale.toLongerSide(ImageConversion.read(in.readAllBytes(), entry), 64);
        }
    }

    private static boolean contains(Detection d, float x, float y) {
        return x >= d.box().x() && x <= d.box().x() + d.box().width() && y >= d.box().y()
                && y <= d.box().y() + d.box().height();
    }
}
