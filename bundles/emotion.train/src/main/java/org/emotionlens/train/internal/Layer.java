package org.emotionlens.train.internal;

import java.util.List;

/**
 * One layer of a network. Parameters live in the network's flat parameter vector at {@link #offset()}, so the
 * optimiser, checkpoints and gradient buffers are plain double arrays. A sample flows through as a sequence
 * double[T][d]; flat models use T = 1.
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

    /** Short text for the metadata's architecture field. */
    public abstract String describe();

    public static class Cache {
        public double[][] in;
        public double[][] out;
    }
}
