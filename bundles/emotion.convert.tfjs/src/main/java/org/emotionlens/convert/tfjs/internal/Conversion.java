package org.emotionlens.convert.tfjs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.emotionlens.api.Emotions;

/**
 * One conversion: reads the TF.js model, writes {@code <id>.onnx} and its {@code emotionlens.model/1} metadata.
 * The input is the raw 0..255 grey crop; the graph scales it as the source library (Human) does before the
 * network: (g/255 - 0.5) * 2 = g * 2/255 - 1.
 */
public final class Conversion {
    public static final List<String> FER2013_CLASSES =
            List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
    public static final float INPUT_SCALE = 2f / 255f;
    public static final float INPUT_OFFSET = -1f;
    static final String UNKNOWN = "unknown";

    public record Request(Path modelJson, Path outDir, String id, String source, String licence, List<String> classes,
            String featureKind) {
    }

    public record Written(Path onnx, long onnxBytes, long parameters, Path metadata) {
    }

    private Conversion() {
    }

    /** [source class][target class]: a class named like a platform label goes to it, every other to unknown. */
    public static float[][] mapping(List<String> classes) {
        float[][] m = new float[classes.size()][Emotions.LABELS.size()];
        for (int s = 0; s < classes.size(); s++) {
            int t = Emotions.LABELS.indexOf(classes.get(s).trim().toLowerCase());
            m[s][t >= 0 ? t : Emotions.LABELS.indexOf(UNKNOWN)] = 1f;
        }
        return m;
    }

    public static Written run(Request r) {
        if (!r.id().matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("--id '" + r.id() + "' must be a file-name-safe id (letters, digits, . _ -)");
        }
        TfjsGraph graph = TfjsGraph.read(r.modelJson());
        OnnxConverter.Result result = OnnxConverter.convert(graph, mapping(r.classes()), INPUT_SCALE, INPUT_OFFSET,
                "0.1.0");
        try {
            Files.createDirectories(r.outDir());
            Path onnx = r.outDir().resolve(r.id() + ".onnx");
            Files.write(onnx, result.onnx());
            Path meta = r.outDir().resolve(r.id() + ".model.json");
            Files.writeString(meta, metadata(r, graph, result, onnx));
            return new Written(onnx, result.onnx().length, result.parameters(), meta);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the model into " + r.outDir() + ": " + e.getMessage());
        }
    }

    static String metadata(Request r, TfjsGraph graph, OnnxConverter.Result result, Path onnx) {
        int n = result.height() * result.width() * result.channels();
        List<String> features = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            features.add("px" + i);
        }
        float[][] m = mapping(r.classes());
        StringBuilder groups = new StringBuilder();
        for (int t = 0; t < Emotions.LABELS.size(); t++) {
            List<String> from = new ArrayList<>();
            for (int s = 0; s < m.length; s++) {
                if (m[s][t] == 1f) {
                    from.add(r.classes().get(s));
                }
            }
            groups.append(t == 0 ? "" : ", ").append(q(Emotions.LABELS.get(t))).append(": ").append(list(from));
        }
        StringBuilder files = new StringBuilder();
        List<Path> sources = new ArrayList<>();
        sources.add(graph.modelJson);
        sources.addAll(graph.weightFiles);
        for (Path p : sources) {
            files.append(files.length() == 0 ? "" : ",\n      ").append("{\"file\": ").append(q(p.getFileName().toString()))
                    .append(", \"sha256\": ").append(q(sha256(p))).append("}");
        }
        return "{\n"
                + "  \"format\": \"emotionlens.model/1\",\n"
                + "  \"id\": " + q(r.id()) + ",\n"
                + "  \"onnx\": " + q(onnx.getFileName().toString()) + ",\n"
                + "  \"onnxSha256\": " + q(sha256(onnx)) + ",\n"
                + "  \"architecture\": " + q(String.join(" -> ", result.layers())) + ",\n"
                + "  \"parameters\": " + result.parameters() + ",\n"
                + "  \"input\": {\n"
                + "    \"name\": " + q(OnnxConverter.INPUT) + ",\n"
                + "    \"layout\": \"flat\",\n"
                + "    \"shape\": [\"N\", " + n + "],\n"
                + "    \"dtype\": \"float32\",\n"
                + "    \"image\": [" + result.height() + ", " + result.width() + ", " + result.channels() + "],\n"
                + "    \"values\": \"raw grey (BT.601 luma) 0..255, row-major; the graph scales them to (g/255 - 0.5) * 2\"\n"
                + "  },\n"
                + "  \"output\": {\n"
                + "    \"name\": " + q(OnnxConverter.OUTPUT) + ",\n"
                + "    \"shape\": [\"N\", " + Emotions.LABELS.size() + "]\n"
                + "  },\n"
                + "  \"sourceOutput\": {\n"
                + "    \"name\": " + q(OnnxConverter.SOURCE_OUTPUT) + ",\n"
                + "    \"shape\": [\"N\", " + r.classes().size() + "],\n"
                + "    \"labels\": " + list(r.classes()) + "\n"
                + "  },\n"
                + "  \"classMapping\": {" + groups + "},\n"
                + "  \"featureKind\": " + q(r.featureKind()) + ",\n"
                + "  \"features\": " + list(features) + ",\n"
                + "  \"labels\": " + list(Emotions.LABELS) + ",\n"
                + "  \"source\": {\n"
                + "    \"model\": " + q(r.source()) + ",\n"
                + "    \"format\": \"TF.js graph-model\",\n"
                + "    \"files\": [\n      " + files + "\n    ],\n"
                + "    \"convertedBy\": \"emotion.convert.tfjs (bin/emotionlens convert-tfjs)\"\n"
                + "  },\n"
                + "  \"licence\": " + q(r.licence()) + "\n"
                + "}\n";
    }

    private static String list(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(q(items.get(i)));
        }
        return b.append(']').toString();
    }

    private static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int k; (k = in.read(buf)) > 0;) {
                d.update(buf, 0, k);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
