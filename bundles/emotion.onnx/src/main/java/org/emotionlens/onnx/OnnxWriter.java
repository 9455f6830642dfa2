package org.emotionlens.onnx;

import java.util.ArrayList;
import java.util.List;
import org.emotionlens.onnx.internal.ProtoWriter;

/**
 * Builds an ONNX model (IR 8, opset {@value #OPSET}, float32 tensors) node by node and writes its bytes with a
 * hand-written protobuf encoder. Field numbers follow onnx.proto: ModelProto(ir_version 1, producer_name 2,
 * producer_version 3, graph 7, opset_import 8, metadata_props 14), GraphProto(node 1, name 2, initializer 5, input 11,
 * output 12), NodeProto(input 1, output 2, name 3, op_type 4, attribute 5), AttributeProto(name 1, f 2, i 3, type 20),
 * TensorProto(dims 1, data_type 2, int64_data 7, name 8, raw_data 9), ValueInfoProto(name 1, type 2),
 * TypeProto(tensor_type 1), TypeProto.Tensor(elem_type 1, shape 2), TensorShapeProto(dim 1), Dimension(dim_value 1,
 * dim_param 2).
 */
public final class OnnxWriter {
    public static final int OPSET = 17;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final List<String[]> metadata = new ArrayList<>();
    private int counter;

    /** A name not used before, {@code prefix_<n>}. */
    public String fresh(String prefix) {
        return prefix + "_" + (counter++);
    }

    /** A float32 initializer with the given dims (row-major values); returns its name. */
    public String floatConst(String name, float[] values, long... dims) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) t.int64(1, d);
        t.int64(2, FLOAT).string(8, name).bytes(9, ProtoWriter.floatBytes(values));
        initializers.add(t);
        return name;
    }

    /** A float32 initializer of {@code count} values of {@code values} from {@code from}, rounded to float. */
    public String floatConst(String name, double[] values, int from, int count, long... dims) {
        float[] f = new float[count];
        for (int k = 0; k < count; k++) f[k] = (float) values[from + k];
        return floatConst(name, f, dims);
    }

    /** An int64 scalar initializer (no dims); returns its name. */
    public String int64Scalar(String name, long value) {
        initializers.add(new ProtoWriter().int64(2, INT64).string(8, name).int64(7, value));
        return name;
    }

    /** An int64 vector initializer (shapes, axes); returns its name. */
    public String int64Vector(String name, long... values) {
        ProtoWriter t = new ProtoWriter().int64(1, values.length).int64(2, INT64).string(8, name);
        for (long v : values) t.int64(7, v);
        initializers.add(t);
        return name;
    }

    /** A node; attributes as name, value pairs: Integer/Long an INT, long[] INTS, Float/Double a FLOAT. */
    public void node(String op, String[] inputs, String[] outputs, Object... attributes) {
        ProtoWriter n = new ProtoWriter();
        for (String s : inputs) n.string(1, s);
        for (String s : outputs) n.string(2, s);
        n.string(3, fresh(op)).string(4, op);
        for (int k = 0; k < attributes.length; k += 2) {
            ProtoWriter a = new ProtoWriter().string(1, (String) attributes[k]);
            Object v = attributes[k + 1];
            if (v instanceof long[] ints) {
                for (long x : ints) a.int64(8, x);
                a.int64(20, 7);
            } else if (v instanceof Integer || v instanceof Long) a.int64(3, ((Number) v).longValue()).int64(20, 2);
            else a.float32(2, ((Number) v).floatValue()).int64(20, 1);
            n.message(5, a);
        }
        nodes.add(n);
    }

    /** A node with one output and no attributes; returns the output's (fresh) name. */
    public String op(String op, String... inputs) {
        return op(op, inputs, new Object[0]);
    }

    /** A single-output node with attributes; returns the output's (fresh) name. */
    public String op(String op, String[] inputs, Object... attributes) {
        String out = fresh(op.toLowerCase());
        node(op, inputs, new String[] {out}, attributes);
        return out;
    }

    /** A float32 graph input; a dim of 0 or less is the symbolic batch size "N". */
    public void input(String name, long... dims) {
        inputs.add(valueInfo(name, dims));
    }

    /** A float32 graph output; a dim of 0 or less is the symbolic batch size "N". Outputs keep their order. */
    public void output(String name, long... dims) {
        outputs.add(valueInfo(name, dims));
    }

    /** A model metadata property (ModelProto.metadata_props). */
    public void metadata(String key, String value) {
        metadata.add(new String[] {key, value});
    }

    private static ProtoWriter valueInfo(String name, long... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) shape.message(1, d > 0 ? new ProtoWriter().int64(1, d) : new ProtoWriter().string(2, "N"));
        ProtoWriter tensor = new ProtoWriter().int64(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }

    /** The serialised ModelProto (producer "emotionlens-train", as models written before this bundle existed). */
    public byte[] toBytes(String graphName, String producerVersion) {
        ProtoWriter g = new ProtoWriter();
        for (ProtoWriter n : nodes) g.message(1, n);
        g.string(2, graphName);
        for (ProtoWriter t : initializers) g.message(5, t);
        for (ProtoWriter i : inputs) g.message(11, i);
        for (ProtoWriter o : outputs) g.message(12, o);
        ProtoWriter m = new ProtoWriter().int64(1, 8).string(2, "emotionlens-train").string(3, producerVersion).message(7, g)
                .message(8, new ProtoWriter().string(1, "").int64(2, OPSET));
        for (String[] kv : metadata) m.message(14, new ProtoWriter().string(1, kv[0]).string(2, kv[1]));
        return m.toByteArray();
    }
}
