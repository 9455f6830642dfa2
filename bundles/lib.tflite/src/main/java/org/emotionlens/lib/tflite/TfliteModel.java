package org.emotionlens.lib.tflite;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.*;

import java.util.Arrays;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.tensorflowlite.TfLiteInterpreter;
import org.bytedeco.tensorflowlite.TfLiteInterpreterOptions;
import org.bytedeco.tensorflowlite.TfLiteModel;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * One TFLite interpreter over one float32 model, with the runtime's default delegates (XNNPACK on x86-64) and a
 * fixed number of threads. Not thread-safe: one caller at a time (callers own one per thread or synchronise).
 * Close it to free the native interpreter; a closed model throws {@link IllegalStateException}.
 */
public final class TfliteModel implements AutoCloseable {
    private final String name;
    private final int threads;
    private BytePointer buffer; // the C API model refers to these bytes for its whole life
    private TfLiteModel model;
    private TfLiteInterpreterOptions options;
    private TfLiteInterpreter interpreter;
    private final int[][] inputShapes;
    private final int[][] outputShapes;

    private TfliteModel(String name, byte[] bytes, int threads) {
        this.name = name;
        this.threads = threads;
        buffer = new BytePointer(bytes.length);
        buffer.put(bytes, 0, bytes.length);
        model = TfLiteModelCreate(buffer, bytes.length);
        if (model == null || model.isNull()) {
            buffer.close();
            throw new IllegalArgumentException(name + ": not a valid TFLite model (" + bytes.length
                    + " bytes that do not verify as a TFLite flatbuffer); replace the file with the original");
        }
        options = TfLiteInterpreterOptionsCreate();
        TfLiteInterpreterOptionsSetNumThreads(options, threads);
        interpreter = TfLiteInterpreterCreate(model, options);
        if (interpreter == null || interpreter.isNull()) {
            close();
            throw new IllegalArgumentException(name + ": the TFLite runtime could not build an interpreter for it");
        }
        if (TfLiteInterpreterAllocateTensors(interpreter) != kTfLiteOk) {
            close();
            throw new IllegalStateException(name + ": could not allocate the interpreter's tensors");
        }
        int ni = TfLiteInterpreterGetInputTensorCount(interpreter);
        int no = TfLiteInterpreterGetOutputTensorCount(interpreter);
        inputShapes = new int[ni][];
        outputShapes = new int[no][];
        for (int i = 0; i < ni; i++) {
            TfLiteTensor t = TfLiteInterpreterGetInputTensor(interpreter, i);
            inputShapes[i] = shape(t);
            requireFloat(t, "input " + i);
        }
        for (int i = 0; i < no; i++) {
            TfLiteTensor t = TfLiteInterpreterGetOutputTensor(interpreter, i);
            outputShapes[i] = shape(t);
            requireFloat(t, "output " + i);
        }
    }

    /**
     * Loads a model from its bytes.
     *
     * @param name    names the model in error messages (e.g. {@code face_landmarker.task!/face_detector.tflite})
     * @param threads interpreter threads, at least 1
     * @throws IllegalArgumentException when the bytes are not a valid float TFLite model (the message names it)
     */
    public static TfliteModel load(String name, byte[] bytes, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(name + ": threads must be at least 1, got " + threads);
        }
        if (bytes == null || bytes.length < 8) {
            throw new IllegalArgumentException(name + ": empty or truncated model (" + (bytes == null ? 0 : bytes.length)
                    + " bytes)");
        }
        return new TfliteModel(name, bytes, threads);
    }

    /**
     * Checks that input {@code index} has exactly this shape, so that a wrong model file fails with a clear message
     * instead of reading garbage.
     */
    public TfliteModel requireInputShape(int index, int... shape) {
        if (index >= inputShapes.length || !Arrays.equals(inputShapes[index], shape)) {
            throw new IllegalArgumentException(name + ": expected input " + index + " of shape " + Arrays.toString(shape)
                    + " but the model has " + (index >= inputShapes.length ? "no such input"
                            : Arrays.toString(inputShapes[index])) + "; is this the right model file?");
        }
        return this;
    }

    /** Checks that output {@code index} holds exactly {@code count} values. */
    public TfliteModel requireOutputSize(int index, int count) {
        if (index >= outputShapes.length || count(outputShapes[index]) != count) {
            throw new IllegalArgumentException(name + ": expected output " + index + " with " + count
                    + " values but the model has " + (index >= outputShapes.length ? "no such output"
                            : Arrays.toString(outputShapes[index])) + "; is this the right model file?");
        }
        return this;
    }

    public String name() {
        return name;
    }

    public int threads() {
        return threads;
    }

    public int inputCount() {
        return inputShapes.length;
    }

    public int outputCount() {
        return outputShapes.length;
    }

    public int[] inputShape(int index) {
        return inputShapes[index].clone();
    }

    public int[] outputShape(int index) {
        return outputShapes[index].clone();
    }

    /** Copies {@code values} into input tensor {@code index} (length must equal the tensor's size). */
    public synchronized void setInput(int index, float[] values) {
        checkOpen();
        int n = count(inputShapes[index]);
        if (values.length != n) {
            throw new IllegalArgumentException(name + ": input " + index + " takes " + n + " values, got "
                    + values.length);
        }
        try (FloatPointer p = new FloatPointer(TfLiteTensorData(TfLiteInterpreterGetInputTensor(interpreter, index)))) {
            p.capacity(n).put(values, 0, n);
        }
    }

    /** Runs the model on the current inputs. */
    public synchronized void invoke() {
        checkOpen();
        int status = TfLiteInterpreterInvoke(interpreter);
        if (status != kTfLiteOk) {
            throw new IllegalStateException(name + ": inference failed with TFLite status " + status);
        }
    }

    /** Copies output tensor {@code index} into {@code dst} (or a new array when null) and returns it. */
    public synchronized float[] output(int index, float[] dst) {
        checkOpen();
        int n = count(outputShapes[index]);
        float[] out = dst != null && dst.length == n ? dst : new float[n];
        // Re-read the data pointer every time: delegates may move output buffers between invocations.
        TfLiteTensor t = TfLiteInterpreterGetOutputTensor(interpreter, index);
        try (FloatPointer p = new FloatPointer(TfLiteTensorData(t))) {
            p.capacity(n).get(out, 0, n);
        }
        return out;
    }

    public float[] output(int index) {
        return output(index, null);
    }

    private void checkOpen() {
        if (interpreter == null) {
            throw new IllegalStateException(name + ": model is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (interpreter != null) {
            TfLiteInterpreterDelete(interpreter);
            interpreter = null;
        }
        if (options != null) {
            TfLiteInterpreterOptionsDelete(options);
            options = null;
        }
        if (model != null) {
            TfLiteModelDelete(model);
            model = null;
        }
        if (buffer != null) {
            buffer.close();
            buffer = null;
        }
    }

    private void requireFloat(TfLiteTensor t, String what) {
        int type = TfLiteTensorType(t);
        if (type != kTfLiteFloat32) {
            String n = name;
            close();
            throw new IllegalArgumentException(n + ": " + what + " has TFLite type " + type + ", only float32 is supported");
        }
    }

    private static int[] shape(TfLiteTensor t) {
        int dims = TfLiteTensorNumDims(t);
        int[] s = new int[dims];
        for (int d = 0; d < dims; d++) {
            s[d] = TfLiteTensorDim(t, d);
        }
        return s;
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
