package org.emotionlens.train.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Emotions;
import org.emotionlens.models.metadata.ModelMetadata;
import org.emotionlens.models.metadata.ModelMetadataCodec;

/**
 * A deployed model: {@code <id>.model.json} plus the ONNX file it names, run by ONNX Runtime. Opening checks that
 * the metadata and the graph agree (format, checksum, input name/layout/feature count, output/labels) and refuses
 * the model with a message naming the file and the mismatch otherwise.
 */
public final class OnnxModel implements AutoCloseable {

    public final Path metadataFile;
    public final ModelMetadata metadata;
    public final List<String> features;
    public final List<String> labels;
    public final boolean sequence;
    private final OrtEnvironment env;
    private final OrtSession session;

    private OnnxModel(Path metadataFile, ModelMetadata metadata, List<String> features, List<String> labels,
                      boolean sequence, OrtEnvironment env, OrtSession session) {
        this.metadataFile = metadataFile;
        this.metadata = metadata;
        this.features = features;
        this.labels = labels;
        this.sequence = sequence;
        this.env = env;
        this.session = session;
    }

    /** Reads a {@code .model.json} (emotionlens.model/1); a missing or malformed file is a DataException naming it. */
    public static ModelMetadata readMetadata(Path file) {
        if (!Files.isRegularFile(file)) throw new DataException(file + ": no such model metadata file");
        try {
            return ModelMetadataCodec.read(file);
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage());
        }
    }

    private static DataException refuse(Path file, String problem) {
        return new DataException(file + ": model refused: " + problem);
    }

    /** Opens and checks the model described by a {@code .model.json} file. */
    public static OnnxModel open(Path metadataFile) {
        ModelMetadata m = readMetadata(metadataFile);
        String layout = m.layout();
        String inputName = m.inputName();
        String outputName = m.outputName();
        List<String> features = m.features();
        List<String> labels = m.labels();
        if (!labels.equals(Emotions.LABELS)) throw refuse(metadataFile, "labels " + labels + " differ from the platform's " + Emotions.LABELS + " (same names, same order)");
        if ("blendshapes".equals(m.featureKind()))
            for (String f : features) if (!Blendshapes.NAMES.contains(f)) throw refuse(metadataFile, "feature '" + f + "' is not a MediaPipe blendshape name");
        Path onnx = m.onnxFile(metadataFile);
        if (!Files.isRegularFile(onnx)) throw refuse(metadataFile, "ONNX file " + onnx + " not found");
        if (m.onnxSha256() != null && !m.onnxSha256().equalsIgnoreCase(CsvData.sha256(onnx)))
            throw refuse(metadataFile, "onnxSha256 does not match " + onnx + " (the file was changed after export; re-export the model)");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try {
            session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        } catch (OrtException e) {
            throw refuse(metadataFile, "ONNX Runtime cannot load " + onnx + ": " + e.getMessage());
        }
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1 || !inputs.containsKey(inputName))
                throw refuse(metadataFile, "the graph's inputs " + inputs.keySet() + " are not the single input '" + inputName + "'");
            long[] in = ((TensorInfo) inputs.get(inputName).getInfo()).getShape();
            boolean sequence = layout.equals("sequence");
            long[] expected = sequence ? new long[] {-1, features.size(), 1} : new long[] {-1, features.size()};
            if (in.length != expected.length || in[1] != features.size() || (sequence && in[2] != 1))
                throw refuse(metadataFile, "the graph's input shape " + Arrays.toString(in) + " does not fit layout '" + layout + "' with "
                        + features.size() + " features (expected [N, " + features.size() + (sequence ? ", 1]" : "]") + ")");
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (!outputs.containsKey(outputName)) throw refuse(metadataFile, "the graph has no output '" + outputName + "' (it has " + outputs.keySet() + ")");
            long[] out = ((TensorInfo) outputs.get(outputName).getInfo()).getShape();
            if (out.length != 2 || out[1] != labels.size())
                throw refuse(metadataFile, "the graph's output shape " + Arrays.toString(out) + " does not give one probability per label " + labels);
            return new OnnxModel(metadataFile, m, features, labels, sequence, env, session);
        } catch (OrtException e) {
            closeQuietly(session);
            throw refuse(metadataFile, "cannot inspect the graph: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static void closeQuietly(OrtSession s) {
        try { s.close(); } catch (OrtException ignored) { /* already failing */ }
    }

    public String inputName() { return metadata.inputName(); }

    public String outputName() { return metadata.outputName(); }

    /** Probabilities for rows of features (in this model's feature order), batch rows at a time. */
    public double[][] predict(double[][] rows, int batch) {
        double[][] out = new double[rows.length][];
        int f = features.size();
        try {
            for (int from = 0; from < rows.length; from += batch) {
                int n = Math.min(batch, rows.length - from);
                FloatBuffer buf = FloatBuffer.allocate(n * f);
                for (int r = 0; r < n; r++) {
                    if (rows[from + r].length != f) throw new DataException("row " + (from + r) + " has " + rows[from + r].length + " features, the model takes " + f);
                    for (int k = 0; k < f; k++) buf.put((float) rows[from + r][k]);
                }
                buf.flip();
                long[] shape = sequence ? new long[] {n, f, 1} : new long[] {n, f};
                try (OnnxTensor t = OnnxTensor.createTensor(env, buf, shape);
                     OrtSession.Result res = session.run(Map.of(inputName(), t))) {
                    float[][] p = (float[][]) res.get(outputName()).get().getValue();
                    for (int r = 0; r < n; r++) {
                        out[from + r] = new double[p[r].length];
                        for (int k = 0; k < p[r].length; k++) out[from + r][k] = p[r][k];
                    }
                }
            }
        } catch (OrtException e) {
            throw new DataException(metadataFile + ": inference failed: " + e.getMessage());
        }
        return out;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }
}
