package org.emotionlens.lib.tflite;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.OpResolver;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * One TFLite interpreter over one float32 model, built with the C++ InterpreterBuilder and the builtin op resolver,
 * which applies the XNNPACK delegate (the C API's TfLiteInterpreterCreate of this build does not: measured 55 vs
 * 17 ms per landmark-model run), with a fixed number of threads. Thread-safe by a lock per model; callers that need
 * parallelism own one model per thread. Close it to free the native interpreter; a closed model throws
 * {@link IllegalStateException}.
 */
public final class TfliteModel implements AutoCloseable {
    private final String name;
    private final int threads;
    private final boolean xnnpack;
    private FlatBufferModel model;
    private OpResolver resolver;
    private InterpreterBuilder builder;
    private Interpreter interpreter;
    private final int[][] inputShapes;
    private final int[][] outputShapes;

    private TfliteModel(String name, byte[] bytes, int threads, boolean xnnpack) {
        this.name = name;
        this.threads = threads;
        this.xnnpack = xnnpack;
        // The C++ API builds from a verified file (memory-mapped); the file can go once the model is built.
        Path tmp = null;
        try {
            tmp = Files.createTempFile("emotionlens-", ".tflite");
            Files.write(tmp, bytes);
            model = FlatBufferModel.VerifyAndBuildFromFile(tmp.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot stage the model in a temporary file: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
        if (model == null || model.isNull()) {
            model = null;
            throw new IllegalArgumentException(name + ": not a valid TFLite model (" + bytes.length
                    + " bytes that do not verify as a TFLite flatbuffer); replace the file with the original");
        }
        resolver = xnnpack ? new BuiltinOpResolver() : new BuiltinOpResolverWithoutDefaultDelegates();
        builder = new InterpreterBuilder(model, resolver);
        builder.SetNumThreads(threads);
        interpreter = new Interpreter((Pointer) null);
        if (builder.apply(interpreter) != kTfLiteOk || interpreter.isNull()) {
            close();
            throw new IllegalArgumentException(name + ": the TFLite runtime could not build an interpreter for it");
        }
        if (interpreter.AllocateTensors() != kTfLiteOk) {
            close();
            throw new IllegalStateException(name + ": could not allocate the interpreter's tensors");
        }
        int ni = (int) interpreter.inputs().limit();
        int no = (int) interpreter.outputs().limit();
        inputShapes = new int[ni][];
        outputShapes = new int[no][];
        for (int i = 0; i < ni; i++) {
            TfLiteTensor t = interpreter.input_tensor(i);
            inputShapes[i] = shape(t);
            requireFloat(t, "input " + i);
        }
        for (int i = 0; i < no; i++) {
            TfLiteTensor t = interpreter.output_tensor(i);
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
        return new TfliteModel(name, bytes, threads, true);
    }

    /** As {@link #load(String, byte[], int)}, choosing whether the XNNPACK delegate runs the model. */
    public static TfliteModel load(String name, byte[] bytes, int threads, boolean xnnpack) {
        if (threads < 1) {
            throw new IllegalArgumentException(name + ": threads must be at least 1, got " + threads);
        }
        if (bytes == null || bytes.length < 8) {
            throw new IllegalArgumentException(name + ": empty or truncated model");
        }
        return new TfliteModel(name, bytes, threads, xnnpack);
    }

    public boolean xnnpack() {
        return xnnpack;
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
        FloatPointer p = interpreter.typed_input_tensor_float(index);
        p.capacity(n).put(values, 0, n);
    }

    /** Runs the model on the current inputs. */
    public synchronized void invoke() {
        checkOpen();
        int status = interpreter.Invoke();
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
        FloatPointer p = interpreter.typed_output_tensor_float(index);
        p.capacity(n).get(out, 0, n);
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
        // interpreter first: it refers to the model, and the delegate to the interpreter
        for (Pointer p : new Pointer[] {interpreter, builder, resolver, model}) {
            if (p != null) {
                p.close();
            }
        }
        interpreter = null;
        builder = null;
        resolver = null;
        model = null;
    }

    private void requireFloat(TfLiteTensor t, String what) {
        int type = t.type();
        if (type != kTfLiteFloat32) {
            String n = name;
            close();
            throw new IllegalArgumentException(n + ": " + what + " has TFLite type " + type + ", only float32 is supported");
        }
    }

    private static int[] shape(TfLiteTensor t) {
        TfLiteIntArray dims = t.dims();
        int[] s = new int[dims.size()];
        for (int d = 0; d < s.length; d++) {
            s[d] = dims.data(d);
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
