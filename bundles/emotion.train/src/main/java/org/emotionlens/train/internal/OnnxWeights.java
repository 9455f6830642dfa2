package org.emotionlens.train.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emotionlens.train.onnx.OnnxReader;

/**
 * Reads the float32 initializers (name -> values), the nodes and the node count back from an ONNX file written by {@link OnnxGraph}, so a committed
 * model can be written again in another graph layout with exactly its weights. A minimal protobuf reader for the
 * fields OnnxGraph writes: ModelProto.graph (7), GraphProto.initializer (5), TensorProto data_type (2), name (8),
 * raw_data (9).
 */
public final class OnnxWeights {
    private OnnxWeights() { }

    public static Map<String, float[]> read(Path onnx) {
        Map<String, float[]> out = new LinkedHashMap<>();
        forEachInGraph(onnx, 5, t -> tensor(t, out));
        return out;
    }

    /** Nodes in the graph of an ONNX file (GraphProto.node, field 1), as stored. */
    public static long nodeCount(Path onnx) {
        long[] n = {0};
        forEachInGraph(onnx, 1, node -> n[0]++);
        return n[0];
    }

    /** The nodes of the graph in stored order: NodeProto input (1), output (2), op_type (4); attributes are not read. */
    public static List<OnnxReader.Node> nodes(Path onnx) {
        List<OnnxReader.Node> nodes = new ArrayList<>();
        forEachInGraph(onnx, 1, n -> nodes.add(node(n)));
        return nodes;
    }

    /** Hands every length-delimited field {@code number} of ModelProto.graph (7) to {@code each}, in stored order. */
    private static void forEachInGraph(Path onnx, int number, java.util.function.Consumer<ByteBuffer> each) {
        try {
            ByteBuffer graph = field(ByteBuffer.wrap(Files.readAllBytes(onnx)), 7);
            if (graph == null) throw new DataException(onnx + ": no graph in this ONNX file");
            for (ByteBuffer g = graph.duplicate(); g.hasRemaining();) {
                int tag = (int) varint(g);
                if (tag >>> 3 == number && (tag & 7) == 2) each.accept(slice(g));
                else skip(g, tag & 7);
            }
        } catch (IOException e) {
            throw new DataException(onnx + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof DataException) throw e;
            throw new DataException(onnx + ": not an ONNX file this reader understands (" + e + ")");
        }
    }

    private static OnnxReader.Node node(ByteBuffer n) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String op = "";
        while (n.hasRemaining()) {
            int tag = (int) varint(n);
            int f = tag >>> 3;
            if ((tag & 7) != 2 || (f != 1 && f != 2 && f != 4)) {
                skip(n, tag & 7);
                continue;
            }
            String s = new String(bytes(slice(n)), java.nio.charset.StandardCharsets.UTF_8);
            if (f == 1) inputs.add(s);
            else if (f == 2) outputs.add(s);
            else op = s;
        }
        return new OnnxReader.Node(op, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static void tensor(ByteBuffer t, Map<String, float[]> out) {
        String name = null;
        long type = 0;
        ByteBuffer raw = null;
        while (t.hasRemaining()) {
            int tag = (int) varint(t);
            int f = tag >>> 3;
            if (f == 2 && (tag & 7) == 0) type = varint(t);
            else if (f == 8 && (tag & 7) == 2) name = new String(bytes(slice(t)), java.nio.charset.StandardCharsets.UTF_8);
            else if (f == 9 && (tag & 7) == 2) raw = slice(t);
            else skip(t, tag & 7);
        }
        if (type != 1 || raw == null || name == null) return; // int64 step indices and shapes are not weights
        float[] v = new float[raw.remaining() / 4];
        raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        out.put(name, v);
    }

    private static ByteBuffer field(ByteBuffer b, int wanted) {
        for (ByteBuffer m = b.duplicate(); m.hasRemaining();) {
            int tag = (int) varint(m);
            if (tag >>> 3 == wanted && (tag & 7) == 2) return slice(m);
            skip(m, tag & 7);
        }
        return null;
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0;; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) return v;
        }
    }

    private static ByteBuffer slice(ByteBuffer b) {
        int len = (int) varint(b);
        ByteBuffer s = b.slice(b.position(), len);
        b.position(b.position() + len);
        return s;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private static void skip(ByteBuffer b, int wireType) {
        switch (wireType) {
            case 0 -> varint(b);
            case 1 -> b.position(b.position() + 8);
            case 2 -> slice(b);
            case 5 -> b.position(b.position() + 4);
            default -> throw new IllegalArgumentException("wire type " + wireType);
        }
    }

    /**
     * Loads the weights an earlier export of {@code net} (member prefix {@code m0_}, layers {@code l0..}, or the
     * wavefront's tensors for its LSTM stack) wrote into its parameter vector; every tensor must be present with the
     * right size.
     */
    public static void load(Network net, Map<String, float[]> weights, Path from) {
        double[] p = net.params();
        List<LstmLayer> stack = weights.containsKey(OnnxExport.WAVEFRONT_TENSORS[0]) ? OnnxExport.lstmStack(net.layers()) : List.of();
        if (!stack.isEmpty()) {
            int hAll = stack.stream().mapToInt(LstmLayer::units).sum();
            int[] sizes = {stack.get(0).inSize() * 4 * hAll, 4 * hAll, hAll * 4 * hAll};
            float[][] tensors = new float[3][];
            for (int t = 0; t < 3; t++) tensors[t] = tensor(weights, OnnxExport.WAVEFRONT_TENSORS[t], sizes[t], from);
            OnnxExport.forEachWavefrontWeight(stack, (param, tensor, index) -> p[param] = tensors[tensor][index]);
        }
        int li = 0;
        for (Layer layer : net.layers()) {
            if (li < stack.size()) {
                li++;
                continue;
            }
            String lp = "m0_l" + (li++) + "_";
            if (layer instanceof LstmLayer l) {
                copy(weights, lp + "W", p, l.kernelOffset(), l.inSize() * 4 * l.units(), from);
                copy(weights, lp + "U", p, l.recurrentOffset(), l.units() * 4 * l.units(), from);
                copy(weights, lp + "b", p, l.biasOffset(), 4 * l.units(), from);
            } else if (layer instanceof DenseLayer d) {
                copy(weights, lp + "W", p, d.kernelOffset(), d.inSize() * d.outSize(), from);
                copy(weights, lp + "b", p, d.biasOffset(), d.outSize(), from);
            } else {
                throw new DataException(from + ": cannot read back weights of " + layer.describe());
            }
        }
        net.paramsChanged();
    }

    private static void copy(Map<String, float[]> weights, String name, double[] p, int offset, int count, Path from) {
        float[] v = tensor(weights, name, count, from);
        for (int k = 0; k < count; k++) p[offset + k] = v[k];
    }

    private static float[] tensor(Map<String, float[]> weights, String name, int count, Path from) {
        float[] v = weights.get(name);
        if (v == null || v.length != count)
            throw new DataException(from + ": initializer " + name + (v == null ? " is missing" : " has " + v.length + " values, expected " + count)
                    + "; this file was not written by this exporter for this architecture");
        return v;
    }
}
