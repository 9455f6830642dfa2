package org.emotionlens.classifier.onnx.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.emotionlens.onnx.FloatKernels;

/**
 * Runs an {@link LstmStackGraph} in Java floats, one face at a time: layer by layer over all steps (one layer's
 * weights stay in cache), each step one fused row-times-matrix for the four gates, vectorised by the JIT. ONNX
 * Runtime pays per node, and the wavefront graph has hundreds of tiny nodes; this pays per multiply-add. Buffers are
 * reused across calls (one set per concurrent caller), so a call allocates only its result.
 */
final class JavaLstmEngine {
    private final LstmStackGraph graph;
    private final int features;
    private final ConcurrentLinkedQueue<Work> idle = new ConcurrentLinkedQueue<>();

    JavaLstmEngine(LstmStackGraph graph) {
        this.graph = graph;
        this.features = graph.steps() * graph.lstms().get(0).in();
    }

    /** Probabilities of {@code rows} faces whose features lie row after row in {@code input}. */
    float[][] run(float[] input, int rows) {
        Work w = idle.poll();
        if (w == null) {
            w = new Work();
        }
        try {
            float[][] out = new float[rows][];
            for (int r = 0; r < rows; r++) {
                out[r] = w.probabilities(input, r * features);
            }
            return out;
        } finally {
            idle.offer(w);
        }
    }

    /** The buffers of one call in flight. */
    private final class Work {
        /** Per layer: [x_t | h_{t-1}], the row that multiplies the layer's rows. */
        private final float[][] xh;
        /** Per layer and step: the four gates' pre-activations (then activations), blocks i | f | o | c. */
        private final float[][][] projected;
        /** Per layer: cell state and its activation. */
        private final float[][] cell;
        private final float[][] cellAct;
        /** Per layer but the last: its output at every step, the next layer's input. */
        private final float[][][] sequence;
        /** The last layer's state after the last step: the dense layers' input. */
        private final float[] lastState;
        /** Per dense layer: its output. */
        private final float[][] dense;

        Work() {
            List<LstmStackGraph.Lstm> lstms = graph.lstms();
            int layers = lstms.size();
            xh = new float[layers][];
            projected = new float[layers][][];
            cell = new float[layers][];
            cellAct = new float[layers][];
            sequence = new float[layers - 1][][];
            for (int l = 0; l < layers; l++) {
                LstmStackGraph.Lstm lstm = lstms.get(l);
                xh[l] = new float[lstm.in() + lstm.units()];
                projected[l] = new float[graph.steps()][4 * lstm.units()];
                cell[l] = new float[lstm.units()];
                cellAct[l] = new float[lstm.units()];
                if (l < layers - 1) {
                    sequence[l] = new float[graph.steps()][lstm.units()];
                }
            }
            lastState = new float[lstms.get(layers - 1).units()];
            dense = new float[graph.dense().size()][];
            for (int d = 0; d < dense.length; d++) {
                dense[d] = new float[graph.dense().get(d).out()];
            }
        }

        float[] probabilities(float[] input, int offset) {
            List<LstmStackGraph.Lstm> lstms = graph.lstms();
            int last = lstms.size() - 1;
            for (int l = 0; l <= last; l++) {
                layer(l, lstms.get(l), input, offset);
            }
            LstmStackGraph.Lstm top = lstms.get(last);
            float[] x = lastState;
            System.arraycopy(xh[last], top.in(), x, 0, x.length);
            for (int d = 0; d < dense.length; d++) {
                x = dense(graph.dense().get(d), x, dense[d]);
            }
            return softmax(x);
        }

        private void layer(int l, LstmStackGraph.Lstm lstm, float[] input, int offset) {
            int in = lstm.in();
            int u = lstm.units();
            float[][] rows = lstm.rows();
            float[] row = xh[l];
            float[][] zs = projected[l];
            // the input's share of every step first: the input rows stay in cache over all steps
            for (int t = 0; t < graph.steps(); t++) {
                if (l == 0) {
                    System.arraycopy(input, offset + t * in, row, 0, in);
                } else {
                    System.arraycopy(sequence[l - 1][t], 0, row, 0, in);
                }
                System.arraycopy(lstm.bias(), 0, zs[t], 0, 4 * u);
                FloatKernels.addRowTimesMatrix(zs[t], row, rows, 0, in, 4 * u);
            }
            float[] c = cell[l];
            float[] ac = cellAct[l];
            for (int t = 0; t < graph.steps(); t++) {
                float[] gates = zs[t];
                if (t > 0) { // the state before step 0 is zero
                    FloatKernels.addRowTimesMatrix(gates, row, rows, in, in + u, 4 * u);
                }
                FloatKernels.sigmoid(gates, 0, 3 * u);
                FloatKernels.selu(gates, 3 * u, 4 * u);
                for (int j = 0; j < u; j++) {
                    float ig = gates[j] * gates[3 * u + j];
                    c[j] = t == 0 ? ig : gates[u + j] * c[j] + ig;
                }
                System.arraycopy(c, 0, ac, 0, u);
                FloatKernels.selu(ac, 0, u);
                for (int j = 0; j < u; j++) {
                    row[in + j] = gates[2 * u + j] * ac[j];
                }
                if (l < sequence.length) {
                    System.arraycopy(row, in, sequence[l][t], 0, u);
                }
            }
        }

        private static float[] dense(LstmStackGraph.Dense d, float[] x, float[] y) {
            System.arraycopy(d.bias(), 0, y, 0, d.out());
            FloatKernels.addRowTimesMatrix(y, x, d.rows(), 0, d.in(), d.out());
            if (d.activation().equals("Selu")) {
                FloatKernels.selu(y, 0, d.out());
            } else if (d.activation().equals("Relu")) {
                for (int j = 0; j < d.out(); j++) y[j] = Math.max(y[j], 0f);
            }
            return y;
        }

        private static float[] softmax(float[] logits) {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : logits) max = Math.max(max, v);
            float[] p = new float[logits.length];
            float sum = 0;
            for (int j = 0; j < p.length; j++) {
                p[j] = (float) Math.exp(logits[j] - max);
                sum += p[j];
            }
            for (int j = 0; j < p.length; j++) p[j] /= sum;
            return p;
        }
    }
}
