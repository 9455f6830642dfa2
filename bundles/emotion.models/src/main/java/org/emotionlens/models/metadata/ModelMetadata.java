package org.emotionlens.models.metadata;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an {@code emotionlens.model/1} file says about one exported classifier: the ONNX file it names (beside it),
 * the graph's input and output, the features it reads in input order and the labels of its output. The shapes are
 * not stored: they follow from the layout and the two lists. {@link #inputDetails} holds the input's further members
 * (e.g. an image model's {@code image} size), {@link #details} every further top-level member (parameters, loss,
 * training, metrics, provenance), both in the order written.
 *
 * @param onnxSha256 the ONNX file's sha256 in hex, or null when not recorded
 * @param sequence   whether the input is a sequence {@code [N, features, 1]} rather than flat {@code [N, features]}
 */
public record ModelMetadata(String id, String onnx, String onnxSha256, String architecture, String inputName,
        boolean sequence, String outputName, String featureKind, List<String> features, List<String> labels,
        JsonObject inputDetails, JsonObject details) {

    public static final String FORMAT = "emotionlens.model/1";
    /** Input and output element type of every model in this format. */
    public static final String DTYPE = "float32";

    public ModelMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(onnx, "onnx");
        Objects.requireNonNull(inputName, "inputName");
        Objects.requireNonNull(outputName, "outputName");
        Objects.requireNonNull(featureKind, "featureKind");
        architecture = architecture == null ? "" : architecture;
        features = List.copyOf(features);
        labels = List.copyOf(labels);
        inputDetails = inputDetails == null ? JsonValue.EMPTY_JSON_OBJECT : inputDetails;
        details = details == null ? JsonValue.EMPTY_JSON_OBJECT : details;
    }

    /** {@code sequence} or {@code flat}, as the file spells it. */
    public String layout() {
        return sequence ? "sequence" : "flat";
    }

    /** The graph's input shape; -1 stands for the batch size N. */
    public long[] inputShape() {
        return sequence ? new long[] {-1, features.size(), 1} : new long[] {-1, features.size()};
    }

    /** The graph's output shape: one probability per label; -1 stands for the batch size N. */
    public long[] outputShape() {
        return new long[] {-1, labels.size()};
    }

    /** The same model description for another ONNX file (e.g. the same weights exported again). */
    public ModelMetadata withOnnx(String onnxName, String sha256) {
        return new ModelMetadata(id, onnxName, sha256, architecture, inputName, sequence, outputName, featureKind,
                features, labels, inputDetails, details);
    }

    /** The ONNX file, resolved beside the metadata file that names it. */
    public Path onnxFile(Path metadataFile) {
        return metadataFile.resolveSibling(onnx);
    }
}
