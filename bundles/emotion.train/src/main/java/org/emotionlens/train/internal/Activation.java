package org.emotionlens.train.internal;

import org.emotionlens.onnx.FloatKernels;

/** Element-wise activations with derivatives expressed through the pre-activation value. */
public enum Activation {
    LINEAR, RELU, SELU, SIGMOID, TANH;

    /** Keras / ONNX selu constants (float32 values used by both). */
    public static final double SELU_ALPHA = FloatKernels.SELU_ALPHA_DOUBLE;
    public static final double SELU_SCALE = FloatKernels.SELU_SCALE_DOUBLE;

    public double apply(double z) {
        switch (this) {
            case RELU: return z > 0 ? z : 0;
            case SELU: return z > 0 ? SELU_SCALE * z : SELU_SCALE * SELU_ALPHA * (Math.exp(z) - 1);
            case SIGMOID: return sigmoid(z);
            case TANH: return Math.tanh(z);
            default: return z;
        }
    }

    public double derivative(double z) {
        switch (this) {
            case RELU: return z > 0 ? 1 : 0;
            case SELU: return z > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(z);
            case SIGMOID: { double s = sigmoid(z); return s * (1 - s); }
            case TANH: { double t = Math.tanh(z); return 1 - t * t; }
            default: return 1;
        }
    }

    public static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    public String onnxOp() {
        switch (this) {
            case RELU: return "Relu";
            case SELU: return "Selu";
            case SIGMOID: return "Sigmoid";
            case TANH: return "Tanh";
            default: return null;
        }
    }
}
