package org.emotionlens.features.blendshapes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.models.ModelFile;
import org.emotionlens.models.ModelLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * face_blendshapes.tflite fed with MediaPipe's own landmarks (the landmarker's parity golden file) must give
 * MediaPipe's own blendshapes: this pins the 146-point subset, its order and the pixel conversion.
 */
class BlendshapeExtractorTest {
    static final Path GOLDEN = Path.of("../emotion.landmarker/src/test/resources/parity/image-mode.json");
    static BlendshapeExtractor extractor;
    static List<float[]> landmarks = new ArrayList<>();
    static List<float[]> expected = new ArrayList<>();
    static List<int[]> sizes = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        ModelLocator models = ModelLocator.of(Path.of(System.getProperty("emotionlens.shared", "../../../shared"), "models"));
        extractor = BlendshapeExtractor.withDefaults(models);
        try (JsonReader r = Json.createReader(Files.newBufferedReader(GOLDEN))) {
            for (JsonObject item : r.readObject().getJsonArray("items").getValuesAs(JsonObject.class)) {
                for (JsonObject face : item.getJsonArray("faces").getValuesAs(JsonObject.class)) {
                    JsonArray pts = face.getJsonArray("landmarks");
                    float[] lm = new float[478 * 3];
                    for (int i = 0; i < 478; i++) {
                        for (int c = 0; c < 3; c++) {
                            lm[3 * i + c] = (float) pts.getJsonArray(i).getJsonNumber(c).doubleValue();
                        }
                    }
                    float[] bs = new float[52];
                    for (int k = 0; k < 52; k++) {
                        bs[k] = (float) face.getJsonArray("blendshapes").getJsonNumber(k).doubleValue();
                    }
                    landmarks.add(lm);
                    expected.add(bs);
                    sizes.add(new int[] {item.getInt("width"), item.getInt("height")});
                }
            }
        }
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    @Test
    void reproducesMediaPipeBlendshapesFromItsLandmarks() {
        assertThat(landmarks).hasSizeGreaterThan(20);
        double worst = 0;
        for (int f = 0; f < landmarks.size(); f++) {
            float[] ours = extractor.scores(landmarks.get(f), sizes.get(f)[0], sizes.get(f)[1]);
            assertThat(ours).hasSize(Blendshapes.COUNT);
            for (int k = 0; k < 52; k++) {
                worst = Math.max(worst, Math.abs(ours[k] - expected.get(f)[k]));
            }
        }
        System.out.printf("blendshapes from MediaPipe's landmarks, %d faces: worst abs error %.2e%n", landmarks.size(), worst);
        assertThat(worst).isLessThan(1e-4);
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsOneCaller() throws Exception {
        List<float[]> single = new ArrayList<>();
        for (int f = 0; f < landmarks.size(); f++) {
            single.add(extractor.scores(landmarks.get(f), sizes.get(f)[0], sizes.get(f)[1]));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < 5; rep++) {
                        for (int f = 0; f < landmarks.size(); f++) {
                            float[] s = extractor.scores(landmarks.get(f), sizes.get(f)[0], sizes.get(f)[1]);
                            if (!java.util.Arrays.equals(s, single.get(f))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void wrongModelAndClosedExtractorAreReportedClearly() {
        byte[] detector = ModelLocator.of(Path.of(System.getProperty("emotionlens.shared", "../../../shared"), "models"))
                .taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.FACE_DETECTOR_ENTRY);
        assertThatThrownBy(() -> new BlendshapeExtractor(detector, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("face_blendshapes.tflite").hasMessageContaining("[1, 146, 2]");
        BlendshapeExtractor closed = new BlendshapeExtractor(
                ModelLocator.of(Path.of(System.getProperty("emotionlens.shared", "../../../shared"), "models"))
                        .taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.FACE_BLENDSHAPES_ENTRY), 1);
        closed.close();
        assertThatThrownBy(() -> closed.scores(landmarks.get(0), 640, 480)).isInstanceOf(StageClosedException.class);
    }
}
