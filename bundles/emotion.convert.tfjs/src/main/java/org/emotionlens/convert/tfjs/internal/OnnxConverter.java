package org.emotionlens.convert.tfjs.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.emotionlens.onnx.OnnxWriter;

/**
 * Translates a TF.js (TensorFlow) image-classifier graph into ONNX. TensorFlow works in NHWC, ONNX's Conv in NCHW:
 * the ONNX graph transposes the input once and keeps NCHW throughout; filters go from HWIO to OIHW, depthwise
 * filters [kh,kw,C,M] to a grouped Conv (group C) with weights [C*M,1,kh,kw]. TF's SAME padding becomes the explicit
 * (possibly asymmetric, extra at the end) pads it stands for, computed from the static spatial sizes.
 *
 * <p>The ONNX input {@code features} is [N, H*W*C] (row-major H, W, C, raw 0..255 values); the graph applies
 * {@code x * inputScale + inputOffset} before the network. Outputs: {@code probabilities} [N, targets] (the source
 * classes' probabilities summed per target class by a fixed 0/1 matrix) first, then {@code source_probabilities}
 * [N, source classes], the network's own softmax.
 */
public final class OnnxConverter {
    public static final String INPUT = "features";
    public static final String OUTPUT = "probabilities";
    public static final String SOURCE_OUTPUT = "source_probabilities";

    /** The converted model and facts about it for the metadata. */
    public record Result(byte[] onnx, int height, int width, int channels, long parameters, List<String> layers) {
    }

    private final TfjsGraph tf;
    private final OnnxWriter onnx = new OnnxWriter();
    /** TF tensor name -> ONNX value name. */
    private final Map<String, String> values = new HashMap<>();
    /** TF tensor name -> NHWC shape without N ({H, W, C}) or {C} for [N, C]. */
    private final Map<String, int[]> shapes = new HashMap<>();
    private final List<String> layers = new ArrayList<>();
    private long parameters;

    private OnnxConverter(TfjsGraph tf) {
        this.tf = tf;
    }

    /**
     * @param mapping       [source class][target class] 0/1 matrix: which target class each source class adds to
     * @param inputScale    multiplies the raw input
     * @param inputOffset   then added
     */
    public static Result convert(TfjsGraph tf, float[][] mapping, float inputScale, float inputOffset,
            String producerVersion) {
        return new OnnxConverter(tf).run(mapping, inputScale, inputOffset, producerVersion);
    }

    private IllegalArgumentException unsupported(TfjsGraph.Node n, String what) {
        return new IllegalArgumentException(tf.modelJson + ": node " + n.name() + " (" + n.op() + "): " + what);
    }

    private Result run(float[][] mapping, float inputScale, float inputOffset, String producerVersion) {
        TfjsGraph.Node input = tf.node(tf.inputName);
        long[] dims = input.attr().getJsonObject("shape") == null ? new long[0] : shapeDims(input);
        if (dims.length != 4) {
            throw unsupported(input, "the input must be an image [N, H, W, C] with fixed H, W, C");
        }
        int h = (int) dims[1];
        int w = (int) dims[2];
        int c = (int) dims[3];
        onnx.input(INPUT, -1, (long) h * w * c);
        String scaled = onnx.op("Add", onnx.op("Mul", INPUT, onnx.floatConst("input_scale", new float[] {inputScale})),
                onnx.floatConst("input_offset", new float[] {inputOffset}));
        String nhwc = onnx.op("Reshape", scaled, onnx.int64Vector("input_shape", -1, h, w, c));
        values.put(tf.inputName, onnx.op("Transpose", new String[] {nhwc}, "perm", new long[] {0, 3, 1, 2}));
        shapes.put(tf.inputName, new int[] {h, w, c});
        layers.add("input[" + h + "x" + w + "x" + c + "] * " + inputScale + " + " + inputOffset);

        String out = emit(tf.outputName);
        int[] outShape = shapes.get(tf.outputName);
        if (outShape.length != 1 || outShape[0] != mapping.length) {
            throw new IllegalArgumentException(tf.modelJson + ": the graph's output " + tf.outputName + " has "
                    + (outShape.length == 1 ? outShape[0] + " classes" : "an image shape") + ", the class mapping"
                    + " expects " + mapping.length + " classes");
        }
        int targets = mapping[0].length;
        float[] matrix = new float[mapping.length * targets];
        for (int s = 0; s < mapping.length; s++) {
            System.arraycopy(mapping[s], 0, matrix, s * targets, targets);
        }
        onnx.node("Identity", new String[] {out}, new String[] {SOURCE_OUTPUT});
        onnx.node("MatMul", new String[] {SOURCE_OUTPUT, onnx.floatConst("class_mapping", matrix, mapping.length, targets)},
                new String[] {OUTPUT});
        layers.add("class mapping " + mapping.length + " -> " + targets + " (sum of probabilities)");
        onnx.output(OUTPUT, -1, targets);
        onnx.output(SOURCE_OUTPUT, -1, mapping.length);
        onnx.metadata("converted_from", tf.modelJson.getFileName().toString());
        return new Result(onnx.toBytes("tfjs-" + tf.modelJson.getFileName(), producerVersion), h, w, c, parameters,
                List.copyOf(layers));
    }

    private static long[] shapeDims(TfjsGraph.Node n) {
        var dim = n.attr().getJsonObject("shape").getJsonObject("shape").getJsonArray("dim");
        long[] out = new long[dim.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = Long.parseLong(dim.getJsonObject(k).getString("size"));
        }
        return out;
    }

    /** Emits the node producing {@code name} (after its inputs); returns the ONNX value name. */
    private String emit(String name) {
        String done = values.get(name);
        if (done != null) {
            return done;
        }
        TfjsGraph.Node n = tf.node(name);
        String v = switch (n.op()) {
            case "Identity" -> {
                String x = emit(n.inputs().get(0));
                shapes.put(name, shapes.get(n.inputs().get(0)));
                yield x;
            }
            case "_FusedConv2D", "Conv2D" -> conv(n, false);
            case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> conv(n, true);
            case "BiasAdd" -> {
                String x = emit(n.inputs().get(0));
                int[] s = shapes.get(n.inputs().get(0));
                shapes.put(name, s);
                yield onnx.op("Add", x, biasConst(n, n.inputs().get(1), s.length == 3));
            }
            case "Relu" -> {
                layers.add("Relu");
                yield unary(n, "Relu");
            }
            case "Relu6" -> {
                String x = emit(n.inputs().get(0));
                shapes.put(name, shapes.get(n.inputs().get(0)));
                yield onnx.op("Clip", x, onnx.floatConst(onnx.fresh("zero"), new float[] {0f}),
                        onnx.floatConst(onnx.fresh("six"), new float[] {6f}));
            }
            case "AddV2", "Add" -> {
                int[] a = shapeOf(n.inputs().get(0));
                int[] b = shapeOf(n.inputs().get(1));
                if (!java.util.Arrays.equals(a, b)) {
                    throw unsupported(n, "adds tensors of different shapes " + java.util.Arrays.toString(a) + " and "
                            + java.util.Arrays.toString(b) + " (only same-shape residual adds are supported)");
                }
                shapes.put(name, a);
                layers.add("Add");
                yield onnx.op("Add", emit(n.inputs().get(0)), emit(n.inputs().get(1)));
            }
            case "MaxPool", "AvgPool" -> pool(n);
            case "Mean" -> mean(n);
            case "Softmax" -> {
                if (shapeOf(n.inputs().get(0)).length != 1) {
                    throw unsupported(n, "softmax over an image tensor is not supported");
                }
                layers.add("Softmax");
                yield unary(n, "Softmax");
            }
            default -> throw unsupported(n, "operation not supported by this converter (supported: Conv2D,"
                    + " _FusedConv2D with BiasAdd[/Relu/Relu6], DepthwiseConv2dNative, BiasAdd, Relu, Relu6, Add,"
                    + " MaxPool, AvgPool, Mean over H and W, Softmax, Identity)");
        };
        values.put(name, v);
        return v;
    }

    private int[] shapeOf(String name) {
        emit(name);
        return shapes.get(name);
    }

    private String unary(TfjsGraph.Node n, String op) {
        String x = emit(n.inputs().get(0));
        shapes.put(n.name(), shapes.get(n.inputs().get(0)));
        return onnx.op(op, x);
    }

    private TfjsGraph.Tensor weight(TfjsGraph.Node n, String name) {
        TfjsGraph.Tensor t = tf.weights.get(name);
        if (t == null) {
            throw unsupported(n, "input " + name + " is not a weight of the manifest (computed filters are not supported)");
        }
        return t;
    }

    private String biasConst(TfjsGraph.Node n, String name, boolean image) {
        TfjsGraph.Tensor b = weight(n, name);
        parameters += b.size();
        return image ? onnx.floatConst(onnx.fresh("bias"), b.values(), 1, b.size(), 1, 1)
                : onnx.floatConst(onnx.fresh("bias"), b.values(), b.size());
    }

    private static String padding(TfjsGraph.Node n) {
        String p = n.string("padding");
        return p == null ? "VALID" : p;
    }

    /** {begin, end, out} for one spatial axis under TF's padding rule. */
    static int[] pad(int in, int k, int stride, int dilation, String padding) {
        int effective = (k - 1) * dilation + 1;
        if (padding.equals("VALID")) {
            return new int[] {0, 0, (in - effective) / stride + 1};
        }
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + effective - in, 0);
        return new int[] {total / 2, total - total / 2, out};
    }

    private String conv(TfjsGraph.Node n, boolean depthwise) {
        String x = emit(n.inputs().get(0));
        int[] in = shapes.get(n.inputs().get(0));
        if (in.length != 3) {
            throw unsupported(n, "convolution of a non-image tensor");
        }
        if (!"NHWC".equals(n.string("data_format") == null ? "NHWC" : n.string("data_format"))) {
            throw unsupported(n, "data_format " + n.string("data_format") + " (only NHWC is supported)");
        }
        String padding = padding(n);
        if (!padding.equals("SAME") && !padding.equals("VALID")) {
            throw unsupported(n, "padding " + padding + " (only SAME and VALID are supported)");
        }
        TfjsGraph.Tensor f = weight(n, n.inputs().get(1));
        int kh = f.shape()[0];
        int kw = f.shape()[1];
        int cin = f.shape()[2];
        int m = f.shape()[3];
        if (cin != in[2]) {
            throw unsupported(n, "filter expects " + cin + " input channels, the tensor has " + in[2]);
        }
        long[] strides = n.ints("strides");
        long[] dil = n.ints("dilations");
        int sh = strides.length == 4 ? (int) strides[1] : 1;
        int sw = strides.length == 4 ? (int) strides[2] : 1;
        int dh = dil.length == 4 ? (int) dil[1] : 1;
        int dw = dil.length == 4 ? (int) dil[2] : 1;
        int[] ph = pad(in[0], kh, sh, dh, padding);
        int[] pw = pad(in[1], kw, sw, dw, padding);
        int cout = depthwise ? cin * m : m;
        float[] w = new float[f.size()];
        for (int y = 0; y < kh; y++) {
            for (int xx = 0; xx < kw; xx++) {
                for (int i = 0; i < cin; i++) {
                    for (int o = 0; o < m; o++) {
                        float v = f.values()[((y * kw + xx) * cin + i) * m + o];
                        if (depthwise) {
                            w[((i * m + o) * kh + y) * kw + xx] = v; // [C*M, 1, kh, kw]
                        } else {
                            w[((o * cin + i) * kh + y) * kw + xx] = v; // OIHW
                        }
                    }
                }
            }
        }
        parameters += f.size();
        String wName = depthwise ? onnx.floatConst(onnx.fresh("depthwise"), w, cout, 1, kh, kw)
                : onnx.floatConst(onnx.fresh("filter"), w, cout, cin, kh, kw);
        List<String> fused = n.op().startsWith("_Fused") || n.op().startsWith("Fused") ? n.strings("fused_ops") : List.of();
        List<String> inputs = new ArrayList<>(List.of(x, wName));
        int at = 0;
        if (!fused.isEmpty()) {
            if (!fused.get(0).equals("BiasAdd") || n.integer("num_args", 1) != 1) {
                throw unsupported(n, "fused ops " + fused + " (supported: BiasAdd, optionally followed by Relu/Relu6)");
            }
            TfjsGraph.Tensor b = weight(n, n.inputs().get(2));
            parameters += b.size();
            inputs.add(onnx.floatConst(onnx.fresh("bias"), b.values(), b.size()));
            at = 1;
        }
        String y = onnx.op("Conv", inputs.toArray(String[]::new), "kernel_shape", new long[] {kh, kw}, "strides",
                new long[] {sh, sw}, "dilations", new long[] {dh, dw}, "pads", new long[] {ph[0], pw[0], ph[1], pw[1]},
                "group", (long) (depthwise ? cin : 1));
        String activation = "";
        for (String op : fused.subList(at, fused.size())) {
            switch (op) {
                case "Relu" -> y = onnx.op("Relu", y);
                case "Relu6" -> y = onnx.op("Clip", y, onnx.floatConst(onnx.fresh("zero"), new float[] {0f}),
                        onnx.floatConst(onnx.fresh("six"), new float[] {6f}));
                default -> throw unsupported(n, "fused activation " + op + " (supported: Relu, Relu6)");
            }
            activation += ", " + op.toLowerCase();
        }
        shapes.put(n.name(), new int[] {ph[2], pw[2], cout});
        layers.add((depthwise ? "DepthwiseConv" : "Conv") + "(" + kh + "x" + kw + (depthwise ? " x" + m : ", " + cout)
                + ", stride " + sh + ", " + padding.toLowerCase() + (fused.isEmpty() ? "" : ", bias") + activation + ")");
        return y;
    }

    private String pool(TfjsGraph.Node n) {
        String x = emit(n.inputs().get(0));
        int[] in = shapes.get(n.inputs().get(0));
        long[] k = n.ints("ksize");
        long[] s = n.ints("strides");
        String padding = padding(n);
        int[] ph = pad(in[0], (int) k[1], (int) s[1], 1, padding);
        int[] pw = pad(in[1], (int) k[2], (int) s[2], 1, padding);
        shapes.put(n.name(), new int[] {ph[2], pw[2], in[2]});
        layers.add(n.op() + "(" + k[1] + "x" + k[2] + ", stride " + s[1] + ", " + padding.toLowerCase() + ")");
        boolean max = n.op().equals("MaxPool");
        // MaxPool ignores padded cells; TF's AvgPool averages over the cells inside the image only
        return max ? onnx.op("MaxPool", new String[] {x}, "kernel_shape", new long[] {k[1], k[2]}, "strides",
                new long[] {s[1], s[2]}, "pads", new long[] {ph[0], pw[0], ph[1], pw[1]})
                : onnx.op("AveragePool", new String[] {x}, "kernel_shape", new long[] {k[1], k[2]}, "strides",
                        new long[] {s[1], s[2]}, "pads", new long[] {ph[0], pw[0], ph[1], pw[1]},
                        "count_include_pad", 0L);
    }

    private String mean(TfjsGraph.Node n) {
        String x = emit(n.inputs().get(0));
        int[] in = shapes.get(n.inputs().get(0));
        TfjsGraph.Tensor axes = weight(n, n.inputs().get(1));
        float[] a = axes.values();
        if (in.length != 3 || a.length != 2 || a[0] != 1 || a[1] != 2) {
            throw unsupported(n, "Mean is supported over the spatial axes [1, 2] of an image only");
        }
        boolean keep = n.bool("keep_dims");
        if (keep) {
            throw unsupported(n, "Mean with keep_dims (global pooling kept as an image) is not supported");
        }
        shapes.put(n.name(), new int[] {in[2]});
        layers.add("GlobalAveragePool");
        return onnx.op("Flatten", onnx.op("GlobalAveragePool", x));
    }
}
