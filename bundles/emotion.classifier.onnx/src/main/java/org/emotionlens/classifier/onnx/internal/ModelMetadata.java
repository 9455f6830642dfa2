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
            boolean sequence = layout.equals("sequence");
            checkShape(input, "input shape", sequence ? new long[] {-1, features.size(), 1}
                    : new long[] {-1, features.size()}, features.size() + " features in the " + layout + " layout");
            checkShape(output, "output shape", new long[] {-1, labels.size()}, labels.size() + " labels");
            return new ModelMetadata(file, json.getString("id"), file.resolveSibling(json.getString("onnx")),
                    json.getString("onnxSha256", null), input.getString("name"), layout.equals("sequence"),
                    output.getString("name"), json.getString("featureKind"), features, labels,
                    json.getString("architecture", ""));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("model metadata " + file + ": " + e.getMessage());
        } catch (NullPointerException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException("model metadata " + file + " is incomplete or malformed: "
                    + (e.getMessage() == null ? "a required field (id, onnx, input, output, featureKind, features,"
                            + " labels) is missing" : e.getMessage()));
        }
    }

    /**
     * A declared shape ({@code ["N", 52, 1]}; optional) must agree with the features and labels listed: a file that
     * says one thing in its shape and another in its lists was edited by hand or belongs to another model.
     */
    private static void checkShape(JsonObject part, String what, long[] expected, String because) {
        if (!part.containsKey("shape")) {
            return;
        }
        var shape = part.getJsonArray("shape");
        boolean ok = shape.size() == expected.length;
        StringBuilder declared = new StringBuilder("[");
        StringBuilder wanted = new StringBuilder("[");
        for (int i = 0; i < Math.max(shape.size(), expected.length); i++) {
            if (i < shape.size()) {
                JsonValue v = shape.get(i);
                declared.append(i == 0 ? "" : ", ").append(v.getValueType() == JsonValue.ValueType.STRING
                        ? ((JsonString) v).getString() : v.toString());
                if (i < expected.length && expected[i] >= 0) {
                    ok &= v.getValueType() == JsonValue.ValueType.NUMBER
                            && ((jakarta.json.JsonNumber) v).longValue() == expected[i];
                }
            }
            if (i < expected.length) {
                wanted.append(i == 0 ? "" : ", ").append(expected[i] < 0 ? "N" : Long.toString(expected[i]));
            }
        }
        if (!ok) {
            throw new IllegalStateException(what + " " + declared + "] does not match the " + because + " it"
                    + " lists (that is " + wanted + "]); fix the shape or the lists, or export the model again");
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
