package org.emotionlens.classifier.onnx.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.emotionlens.onnx.OnnxReader;

/**
 * The weights of a classifier graph the exporter wrote as a wavefront LSTM stack followed by dense layers and a
 * softmax (lstm-paper, lstm-paper-selected), read from the ONNX file itself and regrouped per layer for
 * {@link JavaLstmEngine}. Any other graph is refused with the reason, so the Java engine never runs a graph it
 * does not understand.
 *
 * <p>The wavefront keeps the stack's state as one vector of H units (the layers side by side) and advances it with
 * one matrix R [H, 4H] whose columns are gate blocks i | f | o | c, each H wide; layer l owns the units
 * [off[l], off[l + 1]) of every block, reads its input from the rows of layer l - 1 (layer 0 from {@code Wx}) and its
 * own state from its own rows. A start mask per layer but the last gives the offsets.
 */
record LstmStackGraph(int steps, List<Lstm> lstms, List<Dense> dense) {
    private static final String P = "m0_wf_";
    private static final Set<String> OPS = Set.of("MatMul", "Add", "Reshape", "Split", "Gemm", "Sigmoid", "Selu", "Mul",
            "Slice", "Relu", "Softmax", "Identity");

    /** One LSTM layer: rows [in + units][4 units] (input rows, then recurrent rows), gate blocks i | f | o | c. */
    record Lstm(int in, int units, float[][] rows, float[] bias) { }

    /** One dense layer: rows [in][out], bias [out], activation Selu, Relu or none (""). */
    record Dense(int in, int out, float[][] rows, float[] bias, String activation) { }

    static LstmStackGraph read(Path onnx, int steps) {
        Map<String, float[]> w = OnnxReader.floatInitializers(onnx);
        List<OnnxReader.Node> nodes = OnnxReader.nodes(onnx);
        for (OnnxReader.Node n : nodes) {
            if (!OPS.contains(n.op())) throw refuse(onnx, "it has a " + n.op() + " node");
        }
        float[] wx = w.get(P + "Wx");
        float[] bias = w.get(P + "b");
        float[] r = w.get(P + "R");
        if (wx == null || bias == null || r == null || w.keySet().stream().anyMatch(k -> k.startsWith("m1_"))) {
            throw refuse(onnx, "it is not one wavefront LSTM stack (" + P + "Wx, b and R)");
        }
        int cols = bias.length;
        int h = cols / 4;
        if (cols % 4 != 0 || r.length != h * cols || wx.length % cols != 0) {
            throw refuse(onnx, "its wavefront tensors have inconsistent sizes");
        }
        int[] off = offsets(onnx, w, h);
        int layers = off.length - 1;
        if (count(nodes, "Gemm") != steps + layers - 2 || count(nodes, "Sigmoid") != steps + layers - 1) {
            throw refuse(onnx, "its node counts do not match " + steps + " steps of " + layers + " layers");
        }
        List<Lstm> lstms = new ArrayList<>();
        int inFirst = wx.length / cols;
        for (int l = 0; l < layers; l++) {
            lstms.add(layer(onnx, l == 0 ? wx : r, l == 0 ? 0 : off[l - 1], l == 0 ? inFirst : off[l] - off[l - 1],
                    r, off, l, h, bias));
        }
        List<Dense> dense = tail(onnx, w, nodes, off[layers] - off[layers - 1]);
        int selus = 2 * (steps + layers - 1) + (int) dense.stream().filter(d -> d.activation().equals("Selu")).count();
        if (count(nodes, "Selu") != selus) {
            throw refuse(onnx, "its LSTM cells do not use selu");
        }
        return new LstmStackGraph(steps, List.copyOf(lstms), dense);
    }

    /** off[l] = first unit of layer l; mask k holds ones for the units of layers 0..k. */
    private static int[] offsets(Path onnx, Map<String, float[]> w, int h) {
        List<Integer> off = new ArrayList<>(List.of(0));
        for (int k = 0; w.containsKey(P + "mask" + k); k++) {
            float[] m = w.get(P + "mask" + k);
            int ones = 0;
            while (ones < m.length && m[ones] == 1f) ones++;
            for (int j = ones; j < m.length; j++) {
                if (m[j] != 0f) throw refuse(onnx, "its start mask " + k + " is not a prefix of ones");
            }
            if (m.length != h || ones <= off.get(off.size() - 1)) throw refuse(onnx, "its start masks are not nested");
            off.add(ones);
        }
        if (off.size() < 2 || off.get(off.size() - 1) >= h) throw refuse(onnx, "it has no start masks");
        off.add(h);
        return off.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Layer l's columns of every gate block, its input rows from {@code src} (starting at {@code inRow}) and its own
     * rows of R; every other row of those columns must be zero, or the layers would not be a plain stack.
     */
    private static Lstm layer(Path onnx, float[] src, int inRow, int in, float[] r, int[] off, int l, int h, float[] bias) {
        int u = off[l + 1] - off[l];
        int cols = 4 * h;
        float[][] rows = new float[in + u][4 * u];
        float[] b = new float[4 * u];
        for (int g = 0; g < 4; g++) {
            for (int j = 0; j < u; j++) {
                int col = g * h + off[l] + j;
                b[g * u + j] = bias[col];
                for (int k = 0; k < in; k++) rows[k][g * u + j] = src[(inRow + k) * cols + col];
                for (int k = 0; k < u; k++) rows[in + k][g * u + j] = r[(off[l] + k) * cols + col];
                for (int row = 0; row < h; row++) {
                    boolean input = l > 0 && row >= inRow && row < inRow + in;
                    boolean own = row >= off[l] && row < off[l + 1];
                    if (!input && !own && r[row * cols + col] != 0f) {
                        throw refuse(onnx, "layer " + l + " of its wavefront reads units of another layer");
                    }
                }
            }
        }
        return new Lstm(in, u, rows, b);
    }

    /** The nodes after the stack's last output (the Slice): MatMul, Add and an optional activation per layer, a Softmax. */
    private static List<Dense> tail(Path onnx, Map<String, float[]> w, List<OnnxReader.Node> nodes, int width) {
        Map<String, OnnxReader.Node> byInput = new HashMap<>();
        for (OnnxReader.Node n : nodes) {
            if (!n.inputs().isEmpty()) byInput.put(n.inputs().get(0), n);
        }
        OnnxReader.Node slice = nodes.stream().filter(n -> n.op().equals("Slice")).findFirst()
                .orElseThrow(() -> refuse(onnx, "it has no Slice after its LSTM stack"));
        TailBuilder tail = new TailBuilder(onnx, width);
        boolean softmax = false;
        for (OnnxReader.Node n = byInput.get(slice.outputs().get(0)); n != null; n = byInput.get(n.outputs().get(0))) {
            switch (n.op()) {
                case "MatMul" -> tail.matMul(w.get(n.inputs().get(1)));
                case "Add" -> tail.add(w.get(n.inputs().get(1)));
                case "Selu", "Relu" -> tail.finish(n.op());
                case "Softmax" -> {
                    tail.finish("");
                    softmax = true;
                }
                case "Identity" -> { }
                default -> throw refuse(onnx, "its tail has a " + n.op() + " node");
            }
        }
        if (!softmax || tail.dense.isEmpty()) throw refuse(onnx, "its tail is not dense layers and a softmax");
        return List.copyOf(tail.dense);
    }

    /** Collects the dense layers of the tail as their nodes come. */
    private static final class TailBuilder {
        final Path onnx;
        final List<Dense> dense = new ArrayList<>();
        int width;
        float[][] rows;
        float[] bias;

        TailBuilder(Path onnx, int width) {
            this.onnx = onnx;
            this.width = width;
        }

        void matMul(float[] m) {
            finish("");
            if (m == null || m.length % width != 0) throw refuse(onnx, "a MatMul of its tail has no weights of width " + width);
            int out = m.length / width;
            rows = new float[width][out];
            for (int k = 0; k < width; k++) System.arraycopy(m, k * out, rows[k], 0, out);
            bias = null;
        }

        void add(float[] b) {
            if (rows == null || bias != null || b == null || b.length != rows[0].length) throw refuse(onnx, "an Add of its tail is no bias");
            bias = b;
        }

        /** Ends the pending layer with this activation ("" none); an activation needs a pending layer. */
        void finish(String activation) {
            if (rows == null) {
                if (!activation.isEmpty()) throw refuse(onnx, "an activation of its tail follows no dense layer");
                return;
            }
            if (bias == null) throw refuse(onnx, "a dense layer of its tail has no bias");
            dense.add(new Dense(width, bias.length, rows, bias, activation));
            width = bias.length;
            rows = null;
        }
    }

    private static long count(List<OnnxReader.Node> nodes, String op) {
        return nodes.stream().filter(n -> n.op().equals(op)).count();
    }

    private static IllegalArgumentException refuse(Path onnx, String why) {
        return new IllegalArgumentException("engine 'java' runs LSTM-stack classifiers exported as a wavefront (such as"
                + " lstm-paper); " + onnx.getFileName() + " is not one: " + why + ". Use engine 'onnxruntime' for it");
    }
}
