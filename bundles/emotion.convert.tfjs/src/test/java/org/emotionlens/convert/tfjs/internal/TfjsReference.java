package org.emotionlens.convert.tfjs.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A straightforward forward pass of a TF.js graph model in Java, NHWC as TensorFlow computes it, written from the
 * TensorFlow op definitions and independent of the ONNX translation (no transposes, no grouped Conv, padding from
 * TF's SAME rule as the offsets of the window start). Slow and simple on purpose: the reference for parity.
 */
final class TfjsReference {
    /** An NHWC tensor for one image (h x w x c), or a vector (h = w = 1). */
    record T(int h, int w, int c, double[] v) {
        double at(int y, int x, int ch) {
            return v[(y * w + x) * c + ch];
        }
    }

    private final TfjsGraph g;

    TfjsReference(TfjsGraph g) {
        this.g = g;
    }

    /** The graph's output for one already-scaled input image [h][w][c] flattened row-major. */
    double[] run(double[] input, int h, int w, int c) {
        Map<String, T> values = new HashMap<>();
        values.put(g.inputName, new T(h, w, c, input));
        return eval(g.outputName, values).v;
    }

    private T eval(String name, Map<String, T> values) {
        T done = values.get(name);
        if (done != null) {
            return done;
        }
        TfjsGraph.Node n = g.node(name);
        List<String> in = n.inputs();
        T out = switch (n.op()) {
            case "Identity" -> eval(in.get(0), values);
            case "_FusedConv2D", "Conv2D" -> {
                T y = conv(eval(in.get(0), values), g.weights.get(in.get(1)), n, false);
                for (String op : n.op().equals("Conv2D") ? List.<String>of() : n.strings("fused_ops")) {
                    y = switch (op) {
                        case "BiasAdd" -> bias(y, g.weights.get(in.get(2)));
                        case "Relu" -> relu(y);
                        default -> throw new IllegalStateException(op);
                    };
                }
                yield y;
            }
            case "DepthwiseConv2dNative" -> conv(eval(in.get(0), values), g.weights.get(in.get(1)), n, true);
            case "Relu" -> relu(eval(in.get(0), values));
            case "AddV2", "Add" -> {
                T a = eval(in.get(0), values);
                T b = eval(in.get(1), values);
                double[] s = new double[a.v.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = a.v[i] + b.v[i];
                }
                yield new T(a.h, a.w, a.c, s);
            }
            case "MaxPool" -> maxPool(eval(in.get(0), values), n);
            case "Mean" -> {
                T a = eval(in.get(0), values);
                double[] m = new double[a.c];
                for (int y = 0; y < a.h; y++) {
                    for (int x = 0; x < a.w; x++) {
                        for (int ch = 0; ch < a.c; ch++) {
                            m[ch] += a.at(y, x, ch);
                        }
                    }
                }
                for (int ch = 0; ch < a.c; ch++) {
                    m[ch] /= a.h * a.w;
                }
                yield new T(1, 1, a.c, m);
            }
            case "Softmax" -> {
                T a = eval(in.get(0), values);
                double max = Double.NEGATIVE_INFINITY;
                for (double d : a.v) {
                    max = Math.max(max, d);
                }
                double sum = 0;
                double[] e = new double[a.v.length];
                for (int i = 0; i < e.length; i++) {
                    e[i] = Math.exp(a.v[i] - max);
                    sum += e[i];
                }
                for (int i = 0; i < e.length; i++) {
                    e[i] /= sum;
                }
                yield new T(1, 1, e.length, e);
            }
            default -> throw new IllegalStateException("reference lacks op " + n.op());
        };
        values.put(name, out);
        return out;
    }

    /** Output size and the offset of the first window under TF's padding rule (SAME: extra padding at the end). */
    private static int[] geometry(int in, int k, int stride, String padding) {
        if (padding.equals("VALID")) {
            return new int[] {(in - k) / stride + 1, 0};
        }
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + k - in, 0);
        return new int[] {out, total / 2};
    }

    private static T conv(T x, TfjsGraph.Tensor f, TfjsGraph.Node n, boolean depthwise) {
        int kh = f.shape()[0];
        int kw = f.shape()[1];
        int cin = f.shape()[2];
        int m = f.shape()[3];
        int stride = (int) n.ints("strides")[1];
        String padding = n.string("padding");
        int[] gy = geometry(x.h, kh, stride, padding);
        int[] gx = geometry(x.w, kw, stride, padding);
        int cout = depthwise ? cin * m : m;
        double[] out = new double[gy[0] * gx[0] * cout];
        for (int oy = 0; oy < gy[0]; oy++) {
            for (int ox = 0; ox < gx[0]; ox++) {
                for (int i = 0; i < kh; i++) {
                    int y = oy * stride + i - gy[1];
                    if (y < 0 || y >= x.h) {
                        continue; // zero padding
                    }
                    for (int j = 0; j < kw; j++) {
                        int xx = ox * stride + j - gx[1];
                        if (xx < 0 || xx >= x.w) {
                            continue;
                        }
                        for (int ci = 0; ci < cin; ci++) {
                            double v = x.at(y, xx, ci);
                            for (int q = 0; q < m; q++) {
                                double wgt = f.values()[((i * kw + j) * cin + ci) * m + q];
                                int co = depthwise ? ci * m + q : q;
                                out[(oy * gx[0] + ox) * cout + co] += v * wgt;
                            }
                        }
                    }
                }
            }
        }
        return new T(gy[0], gx[0], cout, out);
    }

    private static T bias(T x, TfjsGraph.Tensor b) {
        double[] v = x.v.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += b.values()[i % x.c];
        }
        return new T(x.h, x.w, x.c, v);
    }

    private static T relu(T x) {
        double[] v = x.v.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i]);
        }
        return new T(x.h, x.w, x.c, v);
    }

    private static T maxPool(T x, TfjsGraph.Node n) {
        int k = (int) n.ints("ksize")[1];
        int stride = (int) n.ints("strides")[1];
        String padding = n.string("padding");
        int[] gy = geometry(x.h, k, stride, padding);
        int[] gx = geometry(x.w, k, stride, padding);
        double[] out = new double[gy[0] * gx[0] * x.c];
        for (int oy = 0; oy < gy[0]; oy++) {
            for (int ox = 0; ox < gx[0]; ox++) {
                for (int ch = 0; ch < x.c; ch++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            int y = oy * stride + i - gy[1];
                            int xx = ox * stride + j - gx[1];
                            if (y >= 0 && y < x.h && xx >= 0 && xx < x.w) {
                                best = Math.max(best, x.at(y, xx, ch));
                            }
                        }
                    }
                    out[(oy * gx[0] + ox) * x.c + ch] = best;
                }
            }
        }
        return new T(gy[0], gx[0], x.c, out);
    }
}
