package org.emotionlens.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.emotionlens.onnx.internal.ProtoReader;

/**
 * Reads back what {@link OnnxWriter} wrote: the float32 initializers and the nodes of an ONNX file. Reads only the
 * fields it needs: ModelProto.graph (7), GraphProto node (1) and initializer (5), NodeProto input (1), output (2),
 * op_type (4), TensorProto data_type (2), name (8), raw_data (9).
 */
public final class OnnxReader {
    private OnnxReader() { }

    /** A node as stored: operator type, input and output names (attributes are not read). */
    public record Node(String op, List<String> inputs, List<String> outputs) { }

    /**
     * The float32 initializers by name, in stored order (other types, such as int64 shapes, are left out).
     *
     * @throws IllegalArgumentException when the file cannot be read or is not an ONNX model
     */
    public static Map<String, float[]> floatInitializers(Path onnx) {
        Map<String, float[]> out = new LinkedHashMap<>();
        forEachInGraph(onnx, 5, t -> tensor(t, out));
        return out;
    }

    /**
     * The graph's nodes in stored order.
     *
     * @throws IllegalArgumentException when the file cannot be read or is not an ONNX model
     */
    public static List<Node> nodes(Path onnx) {
        List<Node> nodes = new ArrayList<>();
        forEachInGraph(onnx, 1, n -> nodes.add(node(n)));
        return nodes;
    }

    /** Hands every length-delimited field {@code number} of ModelProto.graph (7) to {@code each}, in stored order. */
    private static void forEachInGraph(Path onnx, int number, Consumer<ByteBuffer> each) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
        } catch (IOException e) {
            throw new IllegalArgumentException(onnx + ": cannot read: " + e.getMessage(), e);
        }
        ByteBuffer graph;
        try {
            graph = ProtoReader.field(ByteBuffer.wrap(bytes), 7);
        } catch (RuntimeException e) {
            throw notOnnx(onnx, e);
        }
        if (graph == null) throw new IllegalArgumentException(onnx + ": no graph in this ONNX file");
        try {
            ProtoReader.forEach(graph, number, each);
        } catch (RuntimeException e) {
            throw notOnnx(onnx, e);
        }
    }

    private static IllegalArgumentException notOnnx(Path onnx, RuntimeException e) {
        return new IllegalArgumentException(onnx + ": not an ONNX file this reader understands (" + e + ")", e);
    }

    private static Node node(ByteBuffer n) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String op = "";
        while (n.hasRemaining()) {
            int tag = (int) ProtoReader.varint(n);
            int f = tag >>> 3;
            if ((tag & 7) != 2 || (f != 1 && f != 2 && f != 4)) {
                ProtoReader.skip(n, tag & 7);
                continue;
            }
            String s = ProtoReader.string(n);
            if (f == 1) inputs.add(s);
            else if (f == 2) outputs.add(s);
            else op = s;
        }
        return new Node(op, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static void tensor(ByteBuffer t, Map<String, float[]> out) {
        String name = null;
        long type = 0;
        ByteBuffer raw = null;
        while (t.hasRemaining()) {
            int tag = (int) ProtoReader.varint(t);
            int f = tag >>> 3;
            if (f == 2 && (tag & 7) == 0) type = ProtoReader.varint(t);
            else if (f == 8 && (tag & 7) == 2) name = ProtoReader.string(t);
            else if (f == 9 && (tag & 7) == 2) raw = ProtoReader.slice(t);
            else ProtoReader.skip(t, tag & 7);
        }
        if (type != 1 || raw == null || name == null) return; // int64 step indices and shapes are not weights
        float[] v = new float[raw.remaining() / 4];
        raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        out.put(name, v);
    }
}
