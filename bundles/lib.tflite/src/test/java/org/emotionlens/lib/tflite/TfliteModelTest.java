package org.emotionlens.lib.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/** Loads MediaPipe's real BlazeFace model through the wrapped native runtime. */
class TfliteModelTest {
    static Path task() {
        return Path.of(System.getProperty("emotionlens.shared", "../../../shared"), "models", "face_landmarker.task");
    }

    static byte[] entry(String name) throws IOException {
        try (ZipFile zip = new ZipFile(task().toFile())) {
            return zip.getInputStream(zip.getEntry(name)).readAllBytes();
        }
    }

    @Test
    void faceDetectorLoadsAndRuns() throws IOException {
        try (TfliteModel m = TfliteModel.load("face_detector.tflite", entry("face_detector.tflite"), 1)) {
            m.requireInputShape(0, 1, 128, 128, 3).requireOutputSize(0, 896 * 16).requireOutputSize(1, 896);
            float[] grey = new float[128 * 128 * 3];
            m.setInput(0, grey);
            m.invoke();
            float[] logits = m.output(1);
            assertThat(logits).hasSize(896);
            // A flat grey image holds no face: every anchor's logit is negative (score < 0.5).
            assertThat(Arrays.stream(box(logits)).max().orElseThrow()).isLessThan(0.0);
        }
    }

    @Test
    void garbageIsRejectedWithItsName() {
        byte[] junk = new byte[1000];
        Arrays.fill(junk, (byte) 7);
        assertThatThrownBy(() -> TfliteModel.load("junk.tflite", junk, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("junk.tflite");
    }

    @Test
    void wrongShapeIsNamed() throws IOException {
        try (TfliteModel m = TfliteModel.load("face_blendshapes.tflite", entry("face_blendshapes.tflite"), 1)) {
            assertThatThrownBy(() -> m.requireInputShape(0, 1, 128, 128, 3))
                    .hasMessageContaining("face_blendshapes.tflite").hasMessageContaining("[1, 146, 2]");
        }
    }

    private static double[] box(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
