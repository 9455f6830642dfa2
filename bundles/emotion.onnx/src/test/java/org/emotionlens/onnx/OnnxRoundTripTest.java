package org.emotionlens.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small graph written with OnnxWriter, read back with OnnxReader and run by ONNX Runtime. */
class OnnxRoundTripTest {
    @TempDir
    Path dir;

    /** y = Selu(x W + b) with a Reshape on an int64 shape, so that an int64 initializer and attributes are written. */
    private Path writeDense() throws Exception {
        OnnxWriter w = new OnnxWriter();
        w.input("x", 0, 2);
        String weights = w.floatConst("W", new float[] {1f, -2f, 0.5f, 3f, 0.25f, -1f}, 2, 3);
        String bias = w.floatConst("b", new double[] {9, 0.1, -0.2, 0.3}, 1, 3, 3);
        String shape = w.int64Vector("shape", -1, 3);
        String z = w.op("Add", w.op("MatMul", "x", weights), bias);
        String flat = w.op("Reshape", z, shape);
        w.node("Selu", new String[] {flat}, new String[] {"y"}, "alpha", (float) FloatKernels.SELU_ALPHA_DOUBLE,
                "gamma", (float) FloatKernels.SELU_SCALE_DOUBLE);
        w.output("y", 0, 3);
        w.metadata("purpose", "round trip");
        Path file = dir.resolve("dense.onnx");
        Files.write(file, w.toBytes("dense", "test"));
        return file;
    }

    @Test
    void theReaderGivesBackTheFloatInitializersAndNodesAsWritten() throws Exception {
        Path file = writeDense();
        Map<String, float[]> init = OnnxReader.floatInitializers(file);
        assertThat(init.keySet()).containsExactly("W", "b"); // the int64 shape is not a float initializer
        assertThat(init.get("W")).containsExactly(1f, -2f, 0.5f, 3f, 0.25f, -1f);
        assertThat(init.get("b")).containsExactly(0.1f, -0.2f, 0.3f);
        List<OnnxReader.Node> nodes = OnnxReader.nodes(file);
        assertThat(nodes).extracting(OnnxReader.Node::op).containsExactly("MatMul", "Add", "Reshape", "Selu");
        assertThat(nodes.get(0).inputs()).containsExactly("x", "W");
        assertThat(nodes.get(1).inputs()).containsExactly(nodes.get(0).outputs().get(0), "b");
        assertThat(nodes.get(2).inputs()).containsExactly(nodes.get(1).outputs().get(0), "shape");
        assertThat(nodes.get(3).outputs()).containsExactly("y");
    }

    @Test
    void onnxRuntimeRunsTheWrittenModelWithTheFloatKernelsSelu() throws Exception {
        Path file = writeDense();
        float[][] x = {{1f, 2f}, {-0.5f, 0.25f}};
        float[][] expected = new float[2][3];
        float[][] w = {{1f, -2f, 0.5f}, {3f, 0.25f, -1f}};
        for (int r = 0; r < 2; r++) {
            float[] y = {0.1f, -0.2f, 0.3f};
            FloatKernels.addRowTimesMatrix(y, x[r], w, 0, 2, 3);
            FloatKernels.selu(y, 0, 3);
            expected[r] = y;
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, x);
             OrtSession.Result result = session.run(Map.of("x", input))) {
            assertThat(session.getMetadata().getCustomMetadata()).containsEntry("purpose", "round trip");
            float[][] y = (float[][]) result.get(0).getValue();
            for (int r = 0; r < 2; r++) {
                for (int k = 0; k < 3; k++) assertThat(y[r][k]).isCloseTo(expected[r][k], org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }

    @Test
    void aFileThatIsNotOnnxIsRefused() throws Exception {
        Path text = dir.resolve("not.onnx");
        Files.writeString(text, "not a model at all");
        assertThatThrownBy(() -> OnnxReader.floatInitializers(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not.onnx");
        assertThatThrownBy(() -> OnnxReader.nodes(dir.resolve("missing.onnx"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read");
    }
}
