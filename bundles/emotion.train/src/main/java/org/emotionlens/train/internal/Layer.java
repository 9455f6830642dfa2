package org.emotionlens.train.internal;

import java.util.List;

/**
 * One layer of a network. Parameters live in the network's flat parameter vector at {@link #offset()}, so the
 * optimiser and checkpoints are plain double arrays.
 *
 * <p>Two implementations of the same maths: the batched float engine ({@link #newWeights}, {@link Work}) that
 * training and prediction use, and the per-sample double-precision reference ({@link #forward}, {@link #backward};
 * a sample is a sequence double[T][d], flat models use T = 1) that the finite-difference gradient checks verify and
 * the fast engine is tested against.
 */
public abstract class Layer {
    private int offset;

    public final int offset() { return offset; }

    final void setOffset(int offset) { this.offset = offset; }

    public abstract int inSize();

    public abstract int outSize();

    public abstract int paramCount();

    /** Ranges [from, to) of weights that get the L2 kernel penalty (Keras kernel_regularizer). */
    public abstract List<int[]> kernelRanges();

    public abstract void init(double[] params, java.util.Random rnd);

    /** Forward pass of one sample; the returned cache holds the output in {@code out}. */
    public abstract Cache forward(double[] params, double[][] x);

    /** Backward pass of one sample: adds parameter gradients into grad and returns dLoss/dx. */
    public abstract double[][] backward(double[] params, Cache cache, double[][] dOut, double[] grad);

    /** Float copy of this layer's weights for the batched engine (shared, read-only, by the threads of a batch). */
    abstract Weights newWeights();

    /** One thread's buffers for the batched engine: up to maxRows samples of {@code steps} input steps. */
    abstract Work newWork(Weights weights, int maxRows, int steps);

    /** Output steps for the given input steps. */
    int outSteps(int steps) { return steps; }

    /** Short text for the metadata's architecture field. */
    public abstract String describe();

    /** Float weights in the layout of the batched kernels, reloaded from the double parameters before each batch. */
    abstract static class Weights {
        abstract void load(double[] params);
    }

    /**
     * One thread's buffers for a batch of samples, allocated once. Activations are row arrays; the row of sample r at
     * step t is {@code t * rows + r}. Gradients accumulate in float per thread and are added into the flat double
     * gradient by {@link #addGradientTo}, thread by thread in a fixed order.
     */
    abstract static class Work {
        /** Output rows after {@link #forward}. */
        float[][] out;
        /** dLoss/dInput rows after {@link #backward} with needDx. */
        float[][] dx;

        /** Forward pass of rows samples; x holds their input rows (kept, not copied, until backward). */
        abstract void forward(float[][] x, int rows);

        /** Backward pass: adds parameter gradients into this thread's buffers, and fills dx when needDx. */
        abstract void backward(float[][] dOut, int rows, boolean needDx);

        abstract void zeroGradient();

        abstract void addGradientTo(double[] grad);
    }

    public static class Cache {
        public double[][] in;
        public double[][] out;
    }
}
