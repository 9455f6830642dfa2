package org.emotionlens.train.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.emotionlens.onnx.OnnxReader;

/**
 * Reads the float32 initializers (name -> values) and the node count back from an ONNX file written by the exporter
 * (through {@link OnnxReader}), so a committed model can be written again in another graph layout with exactly its
 * weights.
 */
public final class OnnxWeights {
    private OnnxWeights() { }

    public static Map<String, float[]> read(Path onnx) {
        try {
            return OnnxReader.floatInitializers(onnx);
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage());
        }
    }

    /** Nodes in the graph of an ONNX file, as stored. */
    public static long nodeCount(Path onnx) {
        try {
            return OnnxReader.nodes(onnx).size();
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage());
        }
    }

    /**
     * Loads the weights an earlier export of {@code net} (member prefix {@code m0_}, layers {@code l0..}, or the
     * wavefront's tensors for its LSTM stack) wrote into its parameter vector; every tensor must be present with the
     * right size.
     */
    public static void load(Network net, Map<String, float[]> weights, Path from) {
        double[] p = net.params();
        List<LstmLayer> stack = weights.containsKey(OnnxExport.WAVEFRONT_TENSORS[0]) ? OnnxExport.lstmStack(net.layers()) : List.of();
        if (!stack.isEmpty()) {
            int hAll = stack.stream().mapToInt(LstmLayer::units).sum();
            int[] sizes = {stack.get(0).inSize() * 4 * hAll, 4 * hAll, hAll * 4 * hAll};
            float[][] tensors = new float[3][];
            for (int t = 0; t < 3; t++) tensors[t] = tensor(weights, OnnxExport.WAVEFRONT_TENSORS[t], sizes[t], from);
            OnnxExport.forEachWavefrontWeight(stack, (param, tensor, index) -> p[param] = tensors[tensor][index]);
        }
        int li = 0;
        for (Layer layer : net.layers()) {
            if (li < stack.size()) {
                li++;
                continue;
            }
            String lp = "m0_l" + (li++) + "_";
            if (layer instanceof LstmLayer l) {
                copy(weights, lp + "W", p, l.kernelOffset(), l.inSize() * 4 * l.units(), from);
                copy(weights, lp + "U", p, l.recurrentOffset(), l.units() * 4 * l.units(), from);
                copy(weights, lp + "b", p, l.biasOffset(), 4 * l.units(), from);
            } else if (layer instanceof DenseLayer d) {
                copy(weights, lp + "W", p, d.kernelOffset(), d.inSize() * d.outSize(), from);
                copy(weights, lp + "b", p, d.biasOffset(), d.outSize(), from);
            } else {
                throw new DataException(from + ": cannot read back weights of " + layer.describe());
            }
        }
        net.paramsChanged();
    }

    private static void copy(Map<String, float[]> weights, String name, double[] p, int offset, int count, Path from) {
        float[] v = tensor(weights, name, count, from);
        for (int k = 0; k < count; k++) p[offset + k] = v[k];
    }

    private static float[] tensor(Map<String, float[]> weights, String name, int count, Path from) {
        float[] v = weights.get(name);
        if (v == null || v.length != count)
            throw new DataException(from + ": initializer " + name + (v == null ? " is missing" : " has " + v.length + " values, expected " + count)
                    + "; this file was not written by this exporter for this architecture");
        return v;
    }
}
