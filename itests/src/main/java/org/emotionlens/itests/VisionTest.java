package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Pipeline;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The full vision path in Felix (TFLite natives loaded by their bundle): real video frames through BlazeFace,
 * MediaPipe landmarks and blendshapes to the classifier, while the detector and landmarker bundles are restarted
 * mid-run. Every frame is processed once, in order.
 */
class VisionTest {
    static final Path FRAMES = Containers.PROJECT
            .resolve("bundles/emotion.landmarker/src/test/resources/parity/images");
    static final int PASSES = 3;

    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void facesAreFoundAndClassifiedAcrossDetectorAndLandmarkerRestarts() throws Exception {
        RecordingSink sink = RecordingSink.register("vision");
        try (Containers c = new Containers(configAdmin)) {
            configAdmin.getConfiguration("emotion.models", "?").update(
                    Containers.props("dir", Containers.SHARED.resolve("models").toString()));
            c.configure("emotion.source.images", "vision", Map.of("path", FRAMES.toString(), "fps", 25.0));
            c.classifier("lstm-paper");
            c.pipeline("vision", Map.of("source.target", "(emotion.source.type=images)",
                    "detector.target", "(emotion.detector.type=blazeface)",
                    "landmarker.target", "(emotion.landmarker.type=mediapipe)",
                    "features.target", "(&(emotion.features.kind=blendshapes)(!(emotion.features.provider=replay)))",
                    "classifier.target", "(emotion.model=lstm-paper)", "sinks.target", "(test=vision)",
                    "max.faces", 2, "video", true, "loops", PASSES));

            int images = FRAMES.toFile().list().length;
            waitFor(sink, images / 2);
            restart("emotion.detector.blazeface");
            waitFor(sink, images + images / 2);
            restart("emotion.landmarker");

            Map<String, Object> done = Containers.awaitPipeline("vision", 120_000, "finished", "failed");
            assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY))).isEqualTo("finished");
            List<FrameResult> results = sink.results();
            assertThat(results).hasSize(PASSES * images);
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).frame().index()).isEqualTo(i % images);
            }
            // The two people of the facemesh video are found, get landmarks, blendshapes and a prediction.
            long faces = results.stream().mapToLong(r -> r.faces().size()).sum();
            assertThat(faces).isGreaterThan(results.size());
            for (FrameResult r : results) {
                for (FaceResult f : r.faces()) {
                    assertThat(f.face().landmarks()).hasSize(478 * 3);
                    assertThat(f.features().values()).hasSize(52);
                    assertThat(f.prediction().modelId()).isEqualTo("lstm-paper");
                }
            }
        } finally {
            sink.close();
            configAdmin.getConfiguration("emotion.models", "?").delete();
        }
    }

    private static void waitFor(RecordingSink sink, int results) throws InterruptedException {
        Containers.await(results + " results (have " + sink.results().size() + ")", 120_000,
                () -> sink.results().size() >= results);
    }

    private static void restart(String symbolicName) throws Exception {
        for (Bundle b : Containers.context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                b.stop();
                b.start();
                return;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }
}
