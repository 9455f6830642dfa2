package org.emotionlens.train.onnx;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.emotionlens.train.internal.DataException;
import org.emotionlens.train.internal.OnnxWeights;

/**
 * Reads back what {@link OnnxWriter} (and the exporter) wrote: the float32 initializers and the nodes of an ONNX
 * file, through the training bundle's own protobuf reader, so that there is one reader.
 */
public final class OnnxReader {
    private OnnxReader() { }

    /** A node as stored: operator type, input and output names. */
    public record Node(String op, List<String> inputs, List<String> outputs) { }

    /**
     * The float32 initializers by name (other types, such as int64 shapes, are left out).
     *
     * @throws IllegalArgumentException when the file cannot be read or is not an ONNX model
     */
    public static Map<String, float[]> floatInitializers(Path onnx) {
        try {
            return OnnxWeights.read(onnx);
        } catch (DataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The graph's nodes in stored order.
     *
     * @throws IllegalArgumentException when the file cannot be read or is not an ONNX model
     */
    public static List<Node> nodes(Path onnx) {
        try {
            return OnnxWeights.nodes(onnx);
        } catch (DataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
