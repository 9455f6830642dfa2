package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Image;
import org.emotionlens.api.Pipeline;
import org.emotionlens.api.TrackerOptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

/**
 * Two face detectors in one container, swapped while frames flow: the pipeline's {@code detector.target} is
 * re-targeted between MediaPipe's short-range BlazeFace and the full-range one (its model from its npm package) again
 * and again while real photos and video frames run through landmarks, blendshapes and the classifier in IMAGE mode.
 * Every frame must reach the sink once, in order, and each frame's faces must be exactly what one of the two detectors
 * gives for that image (the landmarks follow the detector's box), both detectors having answered.
 */
class DetectorSwapTest {
    static final Path FRAMES = VisionTest.FRAMES;
    static final int PASSES = 4;
    static final String SHORT = "(emotion.detector.type=blazeface)";
    static final String FULL = "(emotion.detector.type=fullrange)";

    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void reTargetingTheDetectorWhileFramesFlowLosesAndRepeatsNoFrame() throws Exception {
        RecordingSink sink = RecordingSink.register("detectors");
        try (Containers c = new Containers(configAdmin)) {
            configAdmin.getConfiguration("emotion.models", "?").update(
                    Containers.props("dir", Containers.SHARED.resolve("models").toString()));
            Path model = NpmPackages.unpacked("@mediapipe/face_detection", "0.4.1657300184");
            Configuration full = configAdmin.getConfiguration("emotion.detector.fullrange", "?");
            full.update(Containers.props("models.dir", model.toString(), "zoom.out", 1.0f));
            c.configure("emotion.source.images", "detectors", Map.of("path", FRAMES.toString()));
            c.classifier("lstm-paper");
            Configuration pipeline = c.pipeline("detectors", Map.of("source.target", "(emotion.source.type=images)",
                    "detector.target", SHORT, "landmarker.target", "(emotion.landmarker.type=mediapipe)",
                    "features.target", "(&(emotion.features.kind=blendshapes)(!(emotion.features.provider=replay)))",
                    "classifier.target", "(emotion.model=lstm-paper)", "sinks.target", "(test=detectors)",
                    "max.faces", 2, "video", false, "loops", PASSES));
            try {
                Containers.awaitPipeline("detectors", 120_000, "running", "finished");
                int swaps = 0;
                String target = SHORT;
                while (!finished()) {
                    Thread.sleep(swaps == 0 ? 400 : 250);
                    target = target.equals(SHORT) ? FULL : SHORT;
                    Hashtable<String, Object> p = new Hashtable<>();
                    pipeline.getProperties().keys().asIterator()
                            .forEachRemaining(k -> p.put(k, pipeline.getProperties().get(k)));
                    p.put("detector.target", target);
                    pipeline.update(p);
                    swaps++;
                }
                Map<String, Object> done = Containers.awaitPipeline("detectors", 60_000, "finished", "failed");
                assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY)))
                        .isEqualTo("finished");
                assertThat(swaps).as("detector swaps while the pipeline ran").isGreaterThanOrEqualTo(4);

                int images = FRAMES.toFile().list().length;
                List<FrameResult> results = sink.results();
                assertThat(results).hasSize(PASSES * images);
                for (int i = 0; i < results.size(); i++) {
                    assertThat(results.get(i).frame().index()).as("result %d", i).isEqualTo(i % images);
                }

                // What each detector gives for each picture, through the same landmarker in IMAGE mode.
                FaceLandmarker landmarker = service(FaceLandmarker.class, "(emotion.landmarker.type=mediapipe)");
                FaceDetector shortRange = service(FaceDetector.class, SHORT);
                FaceDetector fullRange = service(FaceDetector.class, FULL);
                Map<Integer, List<Face>> byShort = new HashMap<>();
                Map<Integer, List<Face>> byFull = new HashMap<>();
                int fromShort = 0;
                int fromFull = 0;
                int differ = 0;
                List<String> first = new ArrayList<>();
                try (FaceTracker t = landmarker.open(new TrackerOptions(2, false))) {
                    for (FrameResult r : results) {
                        int index = (int) r.frame().index();
                        Image img = r.frame().image();
                        List<Face> s = byShort.computeIfAbsent(index, k -> t.process(img, 0, shortRange));
                        List<Face> f = byFull.computeIfAbsent(index, k -> t.process(img, 0, fullRange));
                        boolean isShort = same(r, s);
                        boolean isFull = same(r, f);
                        assertThat(isShort || isFull).as("frame %d of pass %d has the faces of one of the detectors",
                                index, results.indexOf(r) / images).isTrue();
                        if (isShort != isFull) {
                            differ++;
                            fromShort += isShort ? 1 : 0;
                            fromFull += isFull ? 1 : 0;
                        }
                        if (first.size() < 5 && isShort != isFull) {
                            first.add(isShort ? "short" : "full");
                        }
                    }
                }
                System.out.printf("detector swaps: %d; of %d frames where the detectors' faces differ, %d from short "
                        + "range, %d from full range%n", swaps, differ, fromShort, fromFull);
                assertThat(differ).as("frames that tell the detectors apart").isGreaterThan(results.size() / 2);
                assertThat(first.get(0)).as("the first frames, before any swap").isEqualTo("short");
                assertThat(fromShort).as("frames answered by short range").isPositive();
                assertThat(fromFull).as("frames answered by full range").isPositive();
            } finally {
                full.delete();
            }
        } finally {
            sink.close();
            configAdmin.getConfiguration("emotion.models", "?").delete();
        }
    }

    /** Same face count, and per face the same landmarks and box, as a detector's own run. */
    private static boolean same(FrameResult r, List<Face> expected) {
        if (r.faces().size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            Face got = r.faces().get(i).face();
            Face want = expected.get(i);
            if (!Arrays.equals(got.landmarks(), want.landmarks()) || !got.box().equals(want.box())) {
                return false;
            }
        }
        return true;
    }

    private static boolean finished() throws org.osgi.framework.InvalidSyntaxException {
        return Containers.context().getServiceReferences(Pipeline.class, "(" + Pipeline.ID + "=detectors)").stream()
                .anyMatch(r -> !"running".equals(r.getProperty(Pipeline.STATE)));
    }

    private static <S> S service(Class<S> type, String filter) throws Exception {
        BundleContext ctx = Containers.context();
        List<ServiceReference<S>> refs = new ArrayList<>(ctx.getServiceReferences(type, filter));
        assertThat(refs).as(type.getSimpleName() + " " + filter).isNotEmpty();
        return ctx.getService(refs.get(0));
    }
}
