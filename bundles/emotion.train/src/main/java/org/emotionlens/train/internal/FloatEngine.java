package org.emotionlens.train.internal;

import java.util.List;

/**
 * The batched float engine of one {@link Network}: the layers' float weights, loaded from the network's double
 * parameters by {@link #load}, and per-thread {@link Work} buffers that run forward and backward passes over a block
 * of rows at once. Float arithmetic throughout the passes; losses and softmax of the three logits in double; the
 * optimiser and the parameter vector stay double.
 */
public final class FloatEngine {
    private final Network net;
    private final List<Layer> layers;
    private final Layer.Weights[] weights;
    private final int steps;
    private final int width;
    private final ThreadLocal<Work> single = ThreadLocal.withInitial(() -> newWork(1));
    private final ThreadLocal<Work> block = ThreadLocal.withInitial(() -> newWork(32));

    public FloatEngine(Network net) {
        this.net = net;
        this.layers = net.layers();
        this.weights = new Layer.Weights[layers.size()];
        for (int k = 0; k < weights.length; k++) weights[k] = layers.get(k).newWeights();
        this.steps = net.sequence() ? net.featureCount() : 1;
        this.width = net.sequence() ? 1 : net.featureCount();
    }

    /** Rounds the parameters to float into the layers' weight layouts (call after every optimiser step). */
    public void load(double[] params) {
        for (Layer.Weights w : weights) w.load(params);
    }

    /** Buffers for one thread, for blocks of up to maxRows rows. */
    public Work newWork(int maxRows) { return new Work(maxRows); }

    /** Probabilities of one row with this thread's one-row buffers. */
    double[] predict(double[] features) {
        double[][] out = new double[1][];
        single.get().predict(new double[][] {features}, 0, 1, out);
        return out[0];
    }

    /** Probabilities of rows[from..to) into out[from..to) with this thread's buffers (blocks of 32 rows). */
    void predict(double[][] rows, int from, int to, double[][] out) {
        (to - from == 1 ? single : block).get().predict(rows, from, to, out);
    }

    public final class Work {
        private final int maxRows;
        private final float[][] input;
        private final Layer.Work[] works;
        private final float[][] dLogits;
        private final int outSteps;
        private final int classes;
        private final double[] prob;
        private int rows;

        Work(int maxRows) {
            this.maxRows = maxRows;
            input = new float[steps * maxRows][width];
            works = new Layer.Work[layers.size()];
            int s = steps;
            for (int k = 0; k < works.length; k++) {
                works[k] = layers.get(k).newWork(weights[k], maxRows, s);
                s = layers.get(k).outSteps(s);
            }
            outSteps = s;
            classes = layers.get(layers.size() - 1).outSize();
            dLogits = new float[outSteps * maxRows][classes];
            prob = new double[classes];
        }

        public int maxRows() { return maxRows; }

        /** Forward pass of rows x[index[from..to)] (index null: x[from..to)). */
        private void forward(double[][] x, int[] index, int from, int to) {
            rows = to - from;
            if (rows > maxRows) throw new IllegalArgumentException(rows + " rows, buffers hold " + maxRows);
            int f = net.featureCount();
            for (int r = 0; r < rows; r++) {
                double[] row = x[index == null ? from + r : index[from + r]];
                if (row.length != f) throw new IllegalArgumentException("row has " + row.length + " features, model expects " + f);
                if (steps == 1) {
                    float[] in = input[r];
                    for (int k = 0; k < f; k++) in[k] = (float) row[k];
                } else {
                    for (int t = 0; t < steps; t++) input[t * rows + r][0] = (float) row[t];
                }
            }
            float[][] a = input;
            for (Layer.Work w : works) {
                w.forward(a, rows);
                a = w.out;
            }
        }

        /** Softmax of the last step's logits of row r into prob. */
        private void softmax(int r) {
            float[] z = works[works.length - 1].out[(outSteps - 1) * rows + r];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) max = Math.max(max, z[j]);
            double s = 0;
            for (int j = 0; j < classes; j++) { prob[j] = Math.exp(z[j] - max); s += prob[j]; }
            for (int j = 0; j < classes; j++) prob[j] /= s;
        }

        /** Probabilities of x[from..to) into out[from..to), in blocks of maxRows. */
        public void predict(double[][] x, int from, int to, double[][] out) {
            for (int a = from; a < to; a += maxRows) {
                int b = Math.min(to, a + maxRows);
                forward(x, null, a, b);
                for (int r = 0; r < rows; r++) {
                    softmax(r);
                    out[a + r] = prob.clone();
                }
            }
        }

        /**
         * Forward and backward pass of the rows d[order[from..to)]: adds the gradient of the sum of the (class-weighted)
         * losses into this thread's gradient buffers and returns that sum. At most maxRows rows.
         */
        public double lossAndGradient(Dataset d, int[] order, int from, int to, Loss loss, double[] classWeights) {
            forward(d.x, order, from, to);
            for (int i = 0; i < outSteps * rows; i++) java.util.Arrays.fill(dLogits[i], 0f);
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                int y = d.y[order[from + r]];
                double weight = classWeights == null ? 1 : classWeights[y];
                softmax(r);
                sum += loss.value(prob, y) * weight;
                double[] dz = loss.gradLogits(prob, y);
                float[] g = dLogits[(outSteps - 1) * rows + r];
                for (int j = 0; j < classes; j++) g[j] = (float) (dz[j] * weight);
            }
            float[][] grad = dLogits;
            for (int k = works.length - 1; k >= 0; k--) {
                works[k].backward(grad, rows, k > 0);
                grad = works[k].dx;
            }
            return sum;
        }

        public void zeroGradient() {
            for (Layer.Work w : works) w.zeroGradient();
        }

        /** Adds this thread's float gradients into the flat double gradient. */
        public void addGradientTo(double[] grad) {
            for (Layer.Work w : works) w.addGradientTo(grad);
        }
    }
}
