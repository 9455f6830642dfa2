package org.emotionlens.train.onnx;

import org.emotionlens.train.internal.OnnxGraph;

/**
 * Builds an ONNX model (IR 8, opset {@value #OPSET}, float32 tensors) node by node and writes its bytes. Delegates to
 * the training bundle's own encoder ({@code internal.OnnxGraph}), which stays as it is for the exporter.
 */
public final class OnnxWriter {
    public static final int OPSET = OnnxGraph.OPSET;

    private final OnnxGraph graph = new OnnxGraph();

    /** A name not used before, {@code prefix_<n>}. */
    public String fresh(String prefix) {
        return graph.fresh(prefix);
    }

    /** A float32 initializer with the given dims (row-major values); returns its name. */
    public String floatConst(String name, float[] values, long... dims) {
        return graph.floatConst(name, values, dims);
    }

    /** An int64 vector initializer (shapes, axes); returns its name. */
    public String int64Vector(String name, long... values) {
        return graph.int64Vector(name, values);
    }

    /** A node; attributes as name, value pairs: Integer/Long an INT, long[] INTS, Float/Double a FLOAT. */
    public void node(String op, String[] inputs, String[] outputs, Object... attributes) {
        graph.node(op, inputs, outputs, attributes);
    }

    /** A node with one output and no attributes; returns the output's (fresh) name. */
    public String op(String op, String... inputs) {
        return graph.op(op, inputs);
    }

    /** A single-output node with attributes; returns the output's (fresh) name. */
    public String op(String op, String[] inputs, Object... attributes) {
        String out = graph.fresh(op.toLowerCase());
        graph.node(op, inputs, new String[] {out}, attributes);
        return out;
    }

    /** A float32 graph input; a dim of 0 or less is the symbolic batch size "N". */
    public void input(String name, long... dims) {
        graph.input(name, dims);
    }

    /** A float32 graph output; a dim of 0 or less is the symbolic batch size "N". Outputs keep their order. */
    public void output(String name, long... dims) {
        graph.output(name, dims);
    }

    /** A model metadata property (ModelProto.metadata_props). */
    public void metadata(String key, String value) {
        graph.metadata(key, value);
    }

    /** The serialised ModelProto. */
    public byte[] toBytes(String graphName, String producerVersion) {
        return graph.toModelBytes(graphName, producerVersion);
    }
}
