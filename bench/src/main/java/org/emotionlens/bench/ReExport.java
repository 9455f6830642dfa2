package org.emotionlens.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.emotionlens.models.metadata.DetailValues;
import org.emotionlens.models.metadata.ModelMetadataCodec;
import org.emotionlens.train.internal.Architectures;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Metrics;
import org.emotionlens.train.internal.Network;
import org.emotionlens.train.internal.OnnxExport;
import org.emotionlens.train.internal.OnnxModel;
import org.emotionlens.train.internal.OnnxWeights;

/**
 * Writes committed LSTM models again in the wavefront graph layout with exactly their weights (read back from the
 * ONNX file), without retraining. Refuses to replace a file unless the new graph gives the old one's probabilities
 * within 1e-5 on every row of the paper's test file and the test confusion matrix its metadata records; then rewrites the {@code onnxSha256} of its metadata (nothing
 * else in it changes: same weights, same outputs).
 *
 * <p>Options: --models a,b (default lstm-paper,lstm-paper-selected); -Demotionlens.models=DIR (default models).
 */
public final class ReExport {
    static final double TOLERANCE = 1e-5;

    private ReExport() { }

    /** Whether the model's confusion on the paper's test rows is the one its metadata records (metrics.test). */
    static boolean confusionAsRecorded(OnnxModel m, Dataset test) {
        JsonValue recorded = m.metadata.details().get("metrics") instanceof JsonObject metrics
                && metrics.get("test") instanceof JsonObject t ? t.get("confusion") : null;
        if (recorded == null) return true; // nothing recorded, nothing to keep true
        int[][] confusion = new Metrics(m.predict(test.x, 64), test.y).confusion;
        return DetailValues.of(confusion).equals(recorded);
    }

    public static void main(String[] args) throws Exception {
        Bench b = new Bench("ReExport", args);
        Path dir = Path.of(System.getProperty("emotionlens.models", "models"));
        Dataset test = b.test();
        int failures = 0;
        for (String id : Bench.argString(args, "--models", "lstm-paper,lstm-paper-selected").split(",")) {
            Path json = dir.resolve(id + ".model.json");
            Path onnx;
            double[][] rows;
            double[][] before;
            Network net;
            try (OnnxModel old = OnnxModel.open(json)) {
                onnx = old.metadata.onnxFile(json);
                if (!old.sequence) throw new IllegalArgumentException(json + ": not a sequence (LSTM) model; nothing to re-export");
                rows = test.select(old.features).x;
                before = old.predict(rows, 64);
                net = Architectures.lstmPaper(old.features.size());
                if (!net.architecture().equals(old.metadata.architecture()))
                    throw new IllegalArgumentException(json + ": architecture '" + old.metadata.architecture() + "' is not lstm-paper's '" + net.architecture() + "'");
            }
            OnnxWeights.load(net, OnnxWeights.read(onnx), onnx);
            byte[] bytes = OnnxExport.export(net, id, OnnxExport.Layout.WAVEFRONT);
            Path fresh = Files.createTempFile(dir, id, ".onnx.new");
            Files.write(fresh, bytes);
            String oldSha = CsvData.sha256(onnx);
            String newSha = CsvData.sha256(fresh);
            Path freshJson = fresh.resolveSibling(fresh.getFileName() + ".json");
            ModelMetadataCodec.write(ModelMetadataCodec.read(json).withOnnx(fresh.getFileName().toString(), newSha), freshJson);
            double worst = 0;
            boolean sameConfusion;
            try (OnnxModel m = OnnxModel.open(freshJson)) {
                for (int batch : List.of(1, 64)) {
                    double[][] after = m.predict(rows, batch);
                    for (int r = 0; r < rows.length; r++) for (int k = 0; k < after[r].length; k++) worst = Math.max(worst, Math.abs(after[r][k] - before[r][k]));
                }
                sameConfusion = confusionAsRecorded(m, test.select(m.features));
            } finally {
                Files.delete(freshJson);
            }
            System.out.printf(Locale.ROOT, "%s: max |wavefront - committed| = %.3g over %d rows (batch 1 and 64)%n", id, worst, rows.length);
            if (!sameConfusion) {
                Files.delete(fresh);
                System.err.printf(Locale.ROOT, "%s: NOT replaced: its test confusion matrix would differ from the one in %s%n", id, json);
                failures++;
                continue;
            }
            if (worst > TOLERANCE) {
                Files.delete(fresh);
                System.err.printf(Locale.ROOT, "%s: NOT replaced: differs by more than %.0e from %s%n", id, TOLERANCE, onnx);
                failures++;
                continue;
            }
            Files.move(fresh, onnx, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            // only the checksum changes: its hex digits replaced in place keep the committed file's text otherwise as it is
            Files.writeString(json, Files.readString(json).replace(oldSha, newSha));
            System.out.printf(Locale.ROOT, "%s: wrote %s (%d bytes, sha256 %s) and its onnxSha256 in %s%n", id, onnx, bytes.length, newSha, json);
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
