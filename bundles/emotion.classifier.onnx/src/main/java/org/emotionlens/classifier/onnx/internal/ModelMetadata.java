package org.emotionlens.classifier.onnx.internal;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code emotionlens.model/1} metadata file written beside every exported classifier: which ONNX file, which
 * features in which order, which labels.
 */
record ModelMetadata(Path file, String id, Path onnx, String onnxSha256, String inputName, boolean sequence,
        String outputName, String featureKind, List<String> features, List<String> labels, String architecture) {

    static final String FORMAT = "emotionlens.model/1";

    static ModelMetadata read(Path file) {
        JsonObject json;
        try (InputStream in = Files.newInputStream(file); JsonReader reader = Json.createReader(in)) {
            json = reader.readObject();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model metadata " + file + " does not exist; check the classifier's"
                    + " 'models.dir' and 'emotion.model' settings (models/README.md lists the models)");
        } catch (IOException | JsonException | ClassCastException e) {
            throw new IllegalArgumentException("model metadata " + file + " is not valid JSON: " + e.getMessage());
        }
        String format = json.getString("format", "");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("model metadata " + file + " has format '" + format + "', expected '"
                    + FORMAT + "'");
        }
        try {
            JsonObject input = json.getJsonObject("input");
            JsonObject output = json.getJsonObject("output");
            String layout = input.getString("layout");
            if (!layout.equals("sequence") && !layout.equals("flat")) {
                throw new IllegalArgumentException("input.layout must be 'sequence' or 'flat', got '" + layout + "'");
            }
            List<String> features = strings(json, "features");
            List<String> labels = strings(json, "labels");
            if (features.isEmpty() || labels.size() < 2) {
                throw new IllegalArgumentException("needs at least one feature and two labels");
            }
            return new ModelMetadata(file, json.getString("id"), file.resolveSibling(json.getString("onnx")),
                    json.getString("onnxSha256", null), input.getString("name"), layout.equals("sequence"),
                    output.getString("name"), json.getString("featureKind"), features, labels,
                    json.getString("architecture", ""));
        } catch (NullPointerException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException("model metadata " + file + " is incomplete or malformed: "
                    + (e.getMessage() == null ? "a required field (id, onnx, input, output, featureKind, features,"
                            + " labels) is missing" : e.getMessage()));
        }
    }

    private static List<String> strings(JsonObject json, String key) {
        return json.getJsonArray(key).stream().map(v -> {
            if (v.getValueType() != JsonValue.ValueType.STRING) {
                throw new IllegalArgumentException("'" + key + "' must hold strings only");
            }
            return ((JsonString) v).getString();
        }).toList();
    }
}
