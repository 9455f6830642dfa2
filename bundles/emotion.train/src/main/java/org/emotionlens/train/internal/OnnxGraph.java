package org.emotionlens.train.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds an ONNX ModelProto (IR 8, opset 17) with a hand-written protobuf encoder. Field numbers follow onnx.proto:
 * ModelProto(ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8, metadata_props 14),
 * GraphProto(node 1, name 2, initializer 5, input 11, output 12), NodeProto(input 1, output 2, name 3, op_type 4,
 * attribute 5), AttributeProto(name 1, f 2, i 3, type 20), TensorProto(dims 1, data_type 2, int64_data 7, name 8,
 * raw_data 9), ValueInfoProto(name 1, type 2), TypeProto(tensor_type 1), TypeProto.Tensor(elem_type 1, shape 2),
 * TensorShapeProto(dim 1), Dimension(dim_value 1, dim_param 2).
 */
public final class OnnxGraph {
    public static final int OPSET = 17;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final List<Proto> nodes = new ArrayList<>();
    private final List<Proto> initializers = new ArrayList<>();
    private final List<Proto> inputs = new ArrayList<>();
    private final List<Proto> outputs = new ArrayList<>();
    private final List<String[]> metadata = new ArrayList<>();
    private int counter;

    public String fresh(String prefix) { return prefix + "_" + (counter++); }

    public String floatConst(String name, float[] values, long... dims) {
        Proto t = new Proto();
        for (long d : dims) t.int64(1, d);
        t.int64(2, FLOAT).string(8, name).bytes(9, Proto.floatBytes(values));
        initializers.add(t);
        return name;
    }

    public String floatConst(String name, double[] values, int from, int count, long... dims) {
        float[] f = new float[count];
        for (int k = 0; k < count; k++) f[k] = (float) values[from + k];
        return floatConst(name, f, dims);
    }

    public String int64Scalar(String name, long value) {
        Proto t = new Proto().int64(2, INT64).string(8, name).int64(7, value); // no dims: a scalar
        initializers.add(t);
        return name;
    }

    public String int64Vector(String name, long... values) {
        Proto t = new Proto().int64(1, values.length).int64(2, INT64).string(8, name);
        for (long v : values) t.int64(7, v);
        initializers.add(t);
        return name;
    }

    /** Adds a node; attributes as name,value pairs (Integer/Long -> INT, long[] -> INTS, Float/Double -> FLOAT). */
    public void node(String op, String[] in, String[] out, Object... attrs) {
        Proto n = new Proto();
        for (String s : in) n.string(1, s);
        for (String s : out) n.string(2, s);
        n.string(3, fresh(op)).string(4, op);
        for (int k = 0; k < attrs.length; k += 2) {
            Proto a = new Proto().string(1, (String) attrs[k]);
            Object v = attrs[k + 1];
            if (v instanceof long[] ints) { for (long x : ints) a.int64(8, x); a.int64(20, 7); }
            else if (v instanceof Integer || v instanceof Long) a.int64(3, ((Number) v).longValue()).int64(20, 2);
            else a.float32(2, ((Number) v).floatValue()).int64(20, 1);
            n.message(5, a);
        }
        nodes.add(n);
    }

    /** Single-output node returning its output name. */
    public String op(String op, String... in) {
        String out = fresh(op.toLowerCase());
        node(op, in, new String[] {out});
        return out;
    }

    /** dims: positive = fixed size, otherwise the symbolic name "N". */
    public void input(String name, long... dims) { inputs.add(valueInfo(name, dims)); }

    public void output(String name, long... dims) { outputs.add(valueInfo(name, dims)); }

    public void metadata(String key, String value) { metadata.add(new String[] {key, value}); }

    private static Proto valueInfo(String name, long... dims) {
        Proto shape = new Proto();
        for (long d : dims) shape.message(1, d > 0 ? new Proto().int64(1, d) : new Proto().string(2, "N"));
        Proto tensor = new Proto().int64(1, FLOAT).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
    }

    public byte[] toModelBytes(String graphName, String producerVersion) {
        Proto g = new Proto();
        for (Proto n : nodes) g.message(1, n);
        g.string(2, graphName);
        for (Proto t : initializers) g.message(5, t);
        for (Proto i : inputs) g.message(11, i);
        for (Proto o : outputs) g.message(12, o);
        Proto m = new Proto().int64(1, 8).string(2, "emotionlens-train").string(3, producerVersion).message(7, g)
                .message(8, new Proto().string(1, "").int64(2, OPSET));
        for (String[] kv : metadata) m.message(14, new Proto().string(1, kv[0]).string(2, kv[1]));
        return m.toByteArray();
    }
}
