package org.emotionlens.train.internal;

import java.util.ArrayList;
import java.util.List;
import org.emotionlens.onnx.OnnxWriter;

/**
 * Writes a classifier as an ONNX graph: input {@code features} float32 [N, F, 1] (sequence) or [N, F] (flat),
 * output {@code probabilities} [N, 3]. ONNX's LSTM operator allows no selu, so LSTMs are unrolled over the steps
 * as MatMul/Add/Split/Sigmoid/Selu/Mul nodes with Keras's gate order i, f, c, o.
 *
 * <p>A stack of LSTMs is written as a {@link #wavefront} by default: ONNX Runtime's cost for these tiny tensors is
 * per node, and the wavefront needs a quarter of the nodes of the step-by-step {@link Layout#UNROLLED} graph.
 */
public final class OnnxExport {
    private OnnxExport() { }

    /** How a stack of LSTMs becomes nodes. */
    public enum Layout {
        /** One group of nodes per layer and step (L x T groups): the reference. */
        UNROLLED,
        /** All layers advance together, layer l on step k - l, in one group per wavefront k (T + L - 1 groups). */
        WAVEFRONT
    }

    public static byte[] export(Classifier model, String id) {
        return export(model, id, Layout.WAVEFRONT);
    }

    public static byte[] export(Classifier model, String id, Layout layout) {
        OnnxWriter g = new OnnxWriter();
        int features = model.featureCount();
        boolean sequence = model.layout().equals("sequence");
        if (sequence) g.input("features", 0, features, 1);
        else g.input("features", 0, features);
        List<String> memberOutputs = new ArrayList<>();
        int k = 0;
        for (Network net : model.members()) memberOutputs.add(member(g, net, "m" + (k++) + "_", layout));
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
        return g.toBytes(id, "0.1.0");
    }

    private static String member(OnnxWriter g, Network net, String p, Layout layout) {
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
        List<LstmLayer> stack = layout == Layout.WAVEFRONT && net.sequence() ? lstmStack(layers.subList(first, layers.size())) : List.of();
        if (!stack.isEmpty()) {
            steps = List.of(wavefront(g, stack, w, p + "wf_", x, features));
            first += stack.size();
        } else if (net.sequence()) {
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
        int li = stack.size();
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

    private static String activation(OnnxWriter g, Activation a, String x) {
        if (a == Activation.LINEAR) return x;
        String out = g.fresh(a.name().toLowerCase());
        if (a == Activation.SELU) g.node("Selu", new String[] {x}, new String[] {out}, "alpha", (float) Activation.SELU_ALPHA, "gamma", (float) Activation.SELU_SCALE);
        else g.node(a.onnxOp(), new String[] {x}, new String[] {out});
        return out;
    }

    private static List<String> lstm(OnnxWriter g, LstmLayer l, double[] w, String p, List<String> xs) {
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

    /**
     * The leading LSTMs a wavefront can carry: two or more, each but the last returning sequences into the next, the
     * last returning its last step, one cell activation. Empty when the layers do not start that way.
     */
    static List<LstmLayer> lstmStack(List<Layer> layers) {
        List<LstmLayer> stack = new ArrayList<>();
        for (Layer layer : layers) {
            if (!(layer instanceof LstmLayer l)) break;
            stack.add(l);
            if (!l.returnSequences()) break;
        }
        if (stack.size() < 2 || stack.get(stack.size() - 1).returnSequences()) return List.of();
        for (LstmLayer l : stack) if (l.activation() != stack.get(0).activation()) return List.of();
        return stack;
    }

    /**
     * The LSTM stack as wavefronts: at wavefront k layer l computes step k - l from its own state and the output of
     * layer l - 1 at wavefront k - 1, so one state vector h = [h_0 .. h_{L-1}] (H units in all) advances with one
     * MatMul by a block matrix R [H, 4H] (U_l on the diagonal, W_{l+1} beside it) plus the first layer's input
     * projection, computed for all steps at once. Gates are laid out [i | f | o | c], each H wide, so one Sigmoid covers the first three. Layers that have
     * not started yet (k < l) are held at zero by a mask; layers that have finished compute values nobody reads.
     * Returns the last layer's last step, [N, u_last].
     */
    /** Keras's gate q (i, f, c, o) goes to this block of the wavefront's columns (i, f, o, c). */
    private static final int[] GATE_COLUMN = {0, 1, 3, 2};

    private static String wavefront(OnnxWriter g, List<LstmLayer> stack, double[] w, String p, String x, int steps) {
        int layers = stack.size();
        int[] off = new int[layers + 1];
        for (int l = 0; l < layers; l++) off[l + 1] = off[l] + stack.get(l).units();
        int hAll = off[layers];
        int cols = 4 * hAll;
        LstmLayer first = stack.get(0);
        float[] wx = new float[first.inSize() * cols];
        float[] bias = new float[cols];
        float[] r = new float[hAll * cols];
        float[][] tensors = {wx, bias, r};
        forEachWavefrontWeight(stack, (param, tensor, index) -> tensors[tensor][index] = (float) w[param]);
        // all steps' input projections at once, [N, T * 4H], split into one [N, 4H] per step by a single node
        String xProj = g.op("Add", g.op("MatMul", x, g.floatConst(p + "Wx", wx, first.inSize(), cols)), g.floatConst(p + "b", bias, cols));
        String flat = g.fresh(p + "x_flat");
        g.node("Reshape", new String[] {xProj, g.int64Vector(p + "flat_shape", 0, (long) steps * cols)}, new String[] {flat});
        String[] xs = new String[steps];
        for (int t = 0; t < steps; t++) xs[t] = g.fresh(p + "x");
        g.node("Split", new String[] {flat}, xs, "axis", 1);
        String rName = g.floatConst(p + "R", r, hAll, cols);
        String gateSplit = g.int64Vector(p + "gate_split", 3L * hAll, hAll);
        Activation act = first.activation();
        String h = null;
        String c = null;
        for (int k = 0; k < steps + layers - 1; k++) {
            String xk = xs[Math.min(k, steps - 1)];
            String z = xk;
            if (h != null) {
                z = g.fresh(p + "z");
                g.node("Gemm", new String[] {h, rName, xk}, new String[] {z});
            }
            // one Sigmoid for the three sigmoid gates (columns i | f | o), the candidate apart
            String ifo = g.fresh(p + "zifo");
            String zc = g.fresh(p + "zc");
            g.node("Split", new String[] {z, gateSplit}, new String[] {ifo, zc}, "axis", 1);
            String[] gates = {g.fresh(p + "i"), g.fresh(p + "f"), g.fresh(p + "o")};
            g.node("Split", new String[] {g.op("Sigmoid", ifo)}, gates, "axis", 1);
            String ig = g.op("Mul", gates[0], activation(g, act, zc));
            c = c == null ? ig : g.op("Add", g.op("Mul", gates[1], c), ig);
            String mask = k < layers - 1 ? g.floatConst(p + "mask" + k, startMask(off, k), hAll) : null;
            if (mask != null) c = g.op("Mul", c, mask);
            h = g.op("Mul", gates[2], activation(g, act, c));
            if (mask != null) h = g.op("Mul", h, mask);
        }
        String last = g.fresh(p + "h_last");
        g.node("Slice", new String[] {h, g.int64Vector(p + "last_start", off[layers - 1]), g.int64Vector(p + "last_end", hAll),
                g.int64Vector(p + "last_axis", 1)}, new String[] {last});
        return last;
    }

    /** Where one weight of the stack goes: parameter index, tensor (0 = Wx, 1 = bias, 2 = R) and index in it. */
    interface WeightPlace {
        void at(int param, int tensor, int index);
    }

    /** Names of the wavefront's weight tensors (member 0), in {@link WeightPlace} tensor order. */
    static final String[] WAVEFRONT_TENSORS = {"m0_wf_Wx", "m0_wf_b", "m0_wf_R"};

    /** Every weight of the LSTM stack with its place in the wavefront's tensors; the one mapping export and read-back share. */
    static void forEachWavefrontWeight(List<LstmLayer> stack, WeightPlace place) {
        int layers = stack.size();
        int[] off = new int[layers + 1];
        for (int l = 0; l < layers; l++) off[l + 1] = off[l] + stack.get(l).units();
        int hAll = off[layers];
        int cols = 4 * hAll;
        for (int l = 0; l < layers; l++) {
            LstmLayer lstm = stack.get(l);
            int u = lstm.units();
            int inRow = l == 0 ? 0 : off[l - 1]; // layer 0 reads the input (Wx); layer l the previous layer's units in R
            for (int q = 0; q < 4; q++) {
                for (int j = 0; j < u; j++) {
                    int col = GATE_COLUMN[q] * hAll + off[l] + j;
                    int src = q * u + j;
                    place.at(lstm.biasOffset() + src, 1, col);
                    for (int row = 0; row < u; row++) place.at(lstm.recurrentOffset() + row * 4 * u + src, 2, (off[l] + row) * cols + col);
                    for (int row = 0; row < lstm.inSize(); row++)
                        place.at(lstm.kernelOffset() + row * 4 * u + src, l == 0 ? 0 : 2, (inRow + row) * cols + col);
                }
            }
        }
    }

    /** 1 for the units of layers 0..k (started by wavefront k), 0 for the others. */
    private static float[] startMask(int[] off, int k) {
        float[] m = new float[off[off.length - 1]];
        java.util.Arrays.fill(m, 0, off[k + 1], 1f);
        return m;
    }
}
