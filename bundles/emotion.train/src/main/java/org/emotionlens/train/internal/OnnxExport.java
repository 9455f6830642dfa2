package org.emotionlens.train.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a classifier as an ONNX graph: input {@code features} float32 [N, F, 1] (sequence) or [N, F] (flat),
 * output {@code probabilities} [N, 3]. ONNX's LSTM operator allows no selu, so LSTMs are unrolled over the steps
 * as MatMul/Add/Split/Sigmoid/Selu/Mul nodes with Keras's gate order i, f, c, o.
 */
public final class OnnxExport {
    private OnnxExport() { }

    public static byte[] export(Classifier model, String id) {
        OnnxGraph g = new OnnxGraph();
        int features = model.featureCount();
        boolean sequence = model.layout().equals("sequence");
        if (sequence) g.input("features", 0, features, 1);
        else g.input("features", 0, features);
        List<String> memberOutputs = new ArrayList<>();
        int k = 0;
        for (Network net : model.members()) memberOutputs.add(member(g, net, "m" + (k++) + "_"));
        double[] classScale = model instanceof Ensemble e ? e.classScale() : null;
        String mean;
        if (memberOutputs.size() == 1) {
            mean = memberOutputs.get(0);
        } else {
            String sum = g.op("Sum", memberOutputs.toArray(new String[0]));
            String scale = g.floatConst("ensemble_scale", new float[] {1f / memberOutputs.size()}, 1);
            mean = g.op("Mul", sum, scale);
        }
        if (classScale != null) {
            String scaled = g.op("Mul", mean, g.floatConst("class_scale", classScale, 0, classScale.length, classScale.length));
            String total = g.fresh("total");
            g.node("ReduceSum", new String[] {scaled, g.int64Vector("reduce_axes", 1)}, new String[] {total}, "keepdims", 1);
            g.node("Div", new String[] {scaled, total}, new String[] {"probabilities"});
        } else {
            g.node("Identity", new String[] {mean}, new String[] {"probabilities"});
        }
        g.output("probabilities", 0, 3);
        g.metadata("emotionlens.id", id);
        g.metadata("emotionlens.architecture", model.architecture());
        return g.toModelBytes(id, "0.1.0");
    }

    private static String member(OnnxGraph g, Network net, String p) {
        double[] w = net.params();
        int features = net.featureCount();
        List<String> steps = new ArrayList<>(); // sequence: one [N, d] tensor per step; flat: one [N, F] tensor
        String x = "features";
        List<Layer> layers = net.layers();
        int first = 0;
        if (!layers.isEmpty() && layers.get(0) instanceof StandardizeLayer s) {
            long[] dims = net.sequence() ? new long[] {features, 1} : new long[] {features};
            String mean = g.floatConst(p + "mean", s.mean(), 0, features, dims);
            String inv = g.floatConst(p + "inv_std", s.invStd(), 0, features, dims);
            x = g.op("Mul", g.op("Sub", x, mean), inv);
            first = 1;
        }
        if (net.sequence()) {
            String tr = g.fresh(p + "steps");
            g.node("Transpose", new String[] {x}, new String[] {tr}, "perm", new long[] {1, 0, 2});
            for (int t = 0; t < features; t++) {
                String idx = g.int64Scalar(p + "t" + t, t);
                String out = g.fresh(p + "x");
                g.node("Gather", new String[] {tr, idx}, new String[] {out}, "axis", 0);
                steps.add(out);
            }
        } else {
            steps.add(x);
        }
        int li = 0;
        for (Layer layer : layers.subList(first, layers.size())) {
            String lp = p + "l" + (li++) + "_";
            if (layer instanceof LstmLayer lstm) steps = lstm(g, lstm, w, lp, steps);
            else if (layer instanceof DenseLayer d) {
                String W = g.floatConst(lp + "W", w, d.kernelOffset(), d.inSize() * d.outSize(), d.inSize(), d.outSize());
                String b = g.floatConst(lp + "b", w, d.biasOffset(), d.outSize(), d.outSize());
                List<String> next = new ArrayList<>();
                for (String s : steps) next.add(activation(g, d.activation(), g.op("Add", g.op("MatMul", s, W), b)));
                steps = next;
            } else throw new IllegalArgumentException("cannot export layer " + layer.describe());
        }
        String logits = steps.get(steps.size() - 1);
        String probs = g.fresh(p + "probs");
        g.node("Softmax", new String[] {logits}, new String[] {probs}, "axis", 1);
        return probs;
    }

    private static String activation(OnnxGraph g, Activation a, String x) {
        if (a == Activation.LINEAR) return x;
        String out = g.fresh(a.name().toLowerCase());
        if (a == Activation.SELU) g.node("Selu", new String[] {x}, new String[] {out}, "alpha", (float) Activation.SELU_ALPHA, "gamma", (float) Activation.SELU_SCALE);
        else g.node(a.onnxOp(), new String[] {x}, new String[] {out});
        return out;
    }

    private static List<String> lstm(OnnxGraph g, LstmLayer l, double[] w, String p, List<String> xs) {
        int in = l.inSize();
        int u = l.units();
        String W = g.floatConst(p + "W", w, l.kernelOffset(), in * 4 * u, in, 4 * u);
        String U = g.floatConst(p + "U", w, l.recurrentOffset(), u * 4 * u, u, 4 * u);
        String b = g.floatConst(p + "b", w, l.biasOffset(), 4 * u, 4 * u);
        List<String> hs = new ArrayList<>();
        String h = null;
        String c = null;
        for (String x : xs) {
            String z = g.op("Add", g.op("MatMul", x, W), b);
            if (h != null) z = g.op("Add", z, g.op("MatMul", h, U));
            String[] parts = {g.fresh(p + "zi"), g.fresh(p + "zf"), g.fresh(p + "zc"), g.fresh(p + "zo")};
            g.node("Split", new String[] {z}, parts, "axis", 1);
            String i = g.op("Sigmoid", parts[0]);
            String cand = activation(g, l.activation(), parts[2]);
            String o = g.op("Sigmoid", parts[3]);
            String ig = g.op("Mul", i, cand);
            c = c == null ? ig : g.op("Add", g.op("Mul", g.op("Sigmoid", parts[1]), c), ig);
            h = g.op("Mul", o, activation(g, l.activation(), c));
            hs.add(h);
        }
        return l.returnSequences() ? hs : List.of(h);
    }
}
