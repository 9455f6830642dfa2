package org.emotionlens.convert.tfjs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.emotionlens.api.Emotions;
import org.emotionlens.models.metadata.DetailValues;
import org.emotionlens.models.metadata.ModelMetadata;
import org.emotionlens.models.metadata.ModelMetadataCodec;

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
            ModelMetadataCodec.write(metadata(r, graph, result, onnx), meta);
            return new Written(onnx, result.onnx().length, result.parameters(), meta);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the model into " + r.outDir() + ": " + e.getMessage());
        }
    }

    static ModelMetadata metadata(Request r, TfjsGraph graph, OnnxConverter.Result result, Path onnx) {
        int n = result.height() * result.width() * result.channels();
        List<String> features = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            features.add("px" + i);
        }
        float[][] m = mapping(r.classes());
        Map<String, Object> groups = new LinkedHashMap<>();
        for (int t = 0; t < Emotions.LABELS.size(); t++) {
            List<String> from = new ArrayList<>();
            for (int s = 0; s < m.length; s++) {
                if (m[s][t] == 1f) {
                    from.add(r.classes().get(s));
                }
            }
            groups.put(Emotions.LABELS.get(t), from);
        }
        List<Object> files = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        sources.add(graph.modelJson);
        sources.addAll(graph.weightFiles);
        for (Path p : sources) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file", p.getFileName().toString());
            file.put("sha256", sha256(p));
            files.add(file);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("image", List.of(result.height(), result.width(), result.channels()));
        input.put("values", "raw grey (BT.601 luma) 0..255, row-major; the graph scales them to (g/255 - 0.5) * 2");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("parameters", result.parameters());
        Map<String, Object> sourceOutput = new LinkedHashMap<>();
        sourceOutput.put("name", OnnxConverter.SOURCE_OUTPUT);
        sourceOutput.put("shape", List.of("N", r.classes().size()));
        sourceOutput.put("labels", r.classes());
        details.put("sourceOutput", sourceOutput);
        details.put("classMapping", groups);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("model", r.source());
        source.put("format", "TF.js graph-model");
        source.put("files", files);
        source.put("convertedBy", "emotion.convert.tfjs (bin/emotionlens convert-tfjs)");
        details.put("source", source);
        details.put("licence", r.licence());
        return new ModelMetadata(r.id(), onnx.getFileName().toString(), sha256(onnx),
                String.join(" -> ", result.layers()), OnnxConverter.INPUT, false, OnnxConverter.OUTPUT, r.featureKind(),
                features, Emotions.LABELS, DetailValues.object(input), DetailValues.object(details));
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
