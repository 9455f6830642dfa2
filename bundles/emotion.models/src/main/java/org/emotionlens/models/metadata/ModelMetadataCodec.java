package org.emotionlens.models.metadata;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParsingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@link ModelMetadata} as {@code emotionlens.model/1} JSON with jakarta.json. Reading checks what
 * the file says against itself (format, layout, declared shapes against the lists) and names the file in every
 * error; members it does not know are kept in the details, so a file read and written again keeps them.
 */
public final class ModelMetadataCodec {
    /** Looked up once: {@code JsonProvider.provider()} searches the service loader on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonWriterFactory PRETTY = JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING,
            true));
    private static final Set<String> TOP = Set.of("format", "id", "onnx", "onnxSha256", "architecture", "input",
            "output", "featureKind", "features", "labels");
    private static final Set<String> INPUT = Set.of("name", "layout", "shape", "dtype");

    private ModelMetadataCodec() {
    }

    /** Reads a metadata file; every error is an IllegalArgumentException whose message names the file. */
    public static ModelMetadata read(Path file) {
        JsonValue json;
        try (InputStream in = Files.newInputStream(file); JsonReader reader = JSON.createReader(in)) {
            json = reader.readValue();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model metadata " + file + " does not exist");
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("model metadata " + file + " is not valid JSON (line "
                    + e.getLocation().getLineNumber() + "): " + e.getMessage());
        } catch (IOException | JsonException e) {
            throw new IllegalArgumentException("model metadata " + file + " cannot be read: " + e.getMessage());
        }
        if (!(json instanceof JsonObject object)) {
            throw new IllegalArgumentException("model metadata " + file + " is not a JSON object");
        }
        try {
            return fromJson(object);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model metadata " + file + ": " + e.getMessage(), e);
        }
    }

    /** The metadata a JSON object describes; errors say which member is wrong (callers add the file). */
    public static ModelMetadata fromJson(JsonObject json) {
        String format = json.getString("format", "");
        if (!ModelMetadata.FORMAT.equals(format)) {
            throw new IllegalArgumentException("has format '" + format + "', expected '" + ModelMetadata.FORMAT + "'");
        }
        JsonObject input = object(json, "input");
        JsonObject output = object(json, "output");
        String layout = text(input, "input.layout");
        if (!layout.equals("sequence") && !layout.equals("flat")) {
            throw new IllegalArgumentException("input.layout must be 'sequence' or 'flat', got '" + layout + "'");
        }
        List<String> features = strings(json, "features");
        List<String> labels = strings(json, "labels");
        if (features.isEmpty() || labels.size() < 2) {
            throw new IllegalArgumentException("needs at least one feature and two labels");
        }
        JsonObjectBuilder inputDetails = JSON.createObjectBuilder();
        input.forEach((k, v) -> {
            if (!INPUT.contains(k)) {
                inputDetails.add(k, v);
            }
        });
        JsonObjectBuilder details = JSON.createObjectBuilder();
        json.forEach((k, v) -> {
            if (!TOP.contains(k)) {
                details.add(k, v);
            }
        });
        ModelMetadata m = new ModelMetadata(text(json, "id"), text(json, "onnx"), optionalText(json, "onnxSha256"),
                optionalText(json, "architecture"), text(input, "input.name"), layout.equals("sequence"),
                text(output, "output.name"), text(json, "featureKind"), features, labels, inputDetails.build(),
                details.build());
        checkShape(input, "input shape", m.inputShape(), features.size() + " features in the " + layout + " layout");
        checkShape(output, "output shape", m.outputShape(), labels.size() + " labels");
        return m;
    }

    /** The JSON object of a metadata: the known members in a fixed order, then the details as given. */
    public static JsonObject toJson(ModelMetadata m) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("format", ModelMetadata.FORMAT).add("id", m.id())
                .add("onnx", m.onnx());
        if (m.onnxSha256() != null) {
            b.add("onnxSha256", m.onnxSha256());
        }
        b.add("architecture", m.architecture());
        JsonValue parameters = m.details().get("parameters");
        if (parameters != null) {
            b.add("parameters", parameters); // beside the architecture it counts, as the exporters always wrote it
        }
        JsonObjectBuilder input = JSON.createObjectBuilder().add("name", m.inputName()).add("layout", m.layout())
                .add("shape", shape(m.inputShape())).add("dtype", ModelMetadata.DTYPE);
        m.inputDetails().forEach(input::add);
        b.add("input", input).add("output", JSON.createObjectBuilder().add("name", m.outputName())
                .add("shape", shape(m.outputShape())));
        b.add("featureKind", m.featureKind()).add("features", JSON.createArrayBuilder(m.features()))
                .add("labels", JSON.createArrayBuilder(m.labels()));
        m.details().forEach((k, v) -> {
            if (!k.equals("parameters")) {
                b.add(k, v);
            }
        });
        return b.build();
    }

    /** The metadata as a file's text: indented JSON ending with a line break. */
    public static String toText(ModelMetadata m) {
        StringWriter out = new StringWriter();
        write(toJson(m), out);
        return out.toString().strip() + "\n";
    }

    /** Writes the metadata file (UTF-8). */
    public static void write(ModelMetadata m, Path file) throws IOException {
        Files.writeString(file, toText(m), StandardCharsets.UTF_8);
    }

    private static void write(JsonObject json, Writer out) {
        try (JsonWriter w = PRETTY.createWriter(out)) {
            w.writeObject(json);
        }
    }

    /** A shape as the file spells it: N for the batch dimension. */
    private static JsonArray shape(long[] dims) {
        JsonArrayBuilder b = JSON.createArrayBuilder();
        for (long d : dims) {
            if (d < 0) {
                b.add("N");
            } else {
                b.add(d);
            }
        }
        return b.build();
    }

    /**
     * A declared shape ({@code ["N", 52, 1]}; optional) must agree with the features and labels listed: a file that
     * says one thing in its shape and another in its lists was edited by hand or belongs to another model.
     */
    private static void checkShape(JsonObject part, String what, long[] expected, String because) {
        if (!(part.get("shape") instanceof JsonArray shape)) {
            return;
        }
        boolean ok = shape.size() == expected.length;
        StringBuilder declared = new StringBuilder("[");
        StringBuilder wanted = new StringBuilder("[");
        for (int i = 0; i < Math.max(shape.size(), expected.length); i++) {
            if (i < shape.size()) {
                JsonValue v = shape.get(i);
                declared.append(i == 0 ? "" : ", ").append(v instanceof JsonString s ? s.getString() : v.toString());
                if (i < expected.length && expected[i] >= 0) {
                    ok &= v instanceof JsonNumber n && n.isIntegral() && n.longValue() == expected[i];
                }
            }
            if (i < expected.length) {
                wanted.append(i == 0 ? "" : ", ").append(expected[i] < 0 ? "N" : Long.toString(expected[i]));
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " " + declared + "] does not match the " + because + " it"
                    + " lists (that is " + wanted + "]); fix the shape or the lists, or export the model again");
        }
    }

    private static JsonObject object(JsonObject json, String key) {
        if (!(json.get(key) instanceof JsonObject o)) {
            throw new IllegalArgumentException("'" + key + "' must be an object");
        }
        return o;
    }

    /** A required text member; {@code path} is how the error names it (e.g. input.name). */
    private static String text(JsonObject json, String path) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        if (!(json.get(key) instanceof JsonString s)) {
            throw new IllegalArgumentException("lacks the text member '" + path + "'");
        }
        return s.getString();
    }

    private static String optionalText(JsonObject json, String key) {
        if (json.get(key) == null || json.get(key) == JsonValue.NULL) {
            return null;
        }
        return text(json, key);
    }

    private static List<String> strings(JsonObject json, String key) {
        if (!(json.get(key) instanceof JsonArray array)) {
            throw new IllegalArgumentException("'" + key + "' must be a list of names");
        }
        return array.stream().map(v -> {
            if (!(v instanceof JsonString s)) {
                throw new IllegalArgumentException("'" + key + "' must hold strings only");
            }
            return s.getString();
        }).toList();
    }
}
