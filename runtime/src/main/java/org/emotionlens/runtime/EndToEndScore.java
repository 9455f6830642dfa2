package org.emotionlens.runtime;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accuracy of a whole pipeline on a labelled image set, one image per frame: every labelled frame counts, and a
 * frame in which no face was found is an error of its own kind ("no face"), so a variant cannot look better by
 * finding fewer faces. Truth comes from the image's folder (its source id, e.g. {@code test/happy/x.jpg}): the
 * paper's mapping, happy and sad as themselves, every other FER2013 class as unknown.
 */
record EndToEndScore(long frames, long noFace, double accuracy, double macroF1, long[][] confusion) {
    static final List<String> LABELS = ComparisonReport.LABELS;
    private static final List<String> UNKNOWN = List.of("unknown", "angry", "disgust", "fear", "afraid", "surprise",
            "neutral");

    /** The 3-class truth of an image from its parent folder's name, or null when the folder is no label. */
    static String truthOfPath(String sourceId) {
        String[] parts = sourceId.replace('\\', '/').split("/");
        if (parts.length < 2) {
            return null;
        }
        String folder = parts[parts.length - 2].toLowerCase(Locale.ROOT);
        return folder.equals("happy") || folder.equals("sad") ? folder : UNKNOWN.contains(folder) ? "unknown" : null;
    }

    /**
     * From a prediction file of the file sink written with frames without faces ({@code empty.frames}); the frame's
     * prediction is that of its first face. Null when no frame has a label folder.
     */
    static EndToEndScore of(PredictionsFile file) throws IOException {
        Map<Long, String> truth = new TreeMap<>();
        Map<Long, String> predicted = new TreeMap<>();
        for (PredictionsFile.Line line : file.lines) {
            if (line.source() == null) {
                throw new IOException(file.path + " has no 'source' column: end-to-end scores need each frame's image path");
            }
            String t = truthOfPath(line.source());
            if (t == null) {
                continue;
            }
            truth.put(line.frame(), t);
            if (line.face() != null && line.face().face() == 0) {
                predicted.put(line.frame(), line.face().label());
            }
        }
        if (truth.isEmpty()) {
            return null;
        }
        long[][] confusion = new long[3][4]; // columns: happy, unknown, sad, no face
        long correct = 0;
        for (Map.Entry<Long, String> e : truth.entrySet()) {
            String p = predicted.get(e.getKey());
            int col = p == null ? 3 : LABELS.indexOf(p);
            confusion[LABELS.indexOf(e.getValue())][col]++;
            correct += e.getValue().equals(p) ? 1 : 0;
        }
        long noFace = truth.size() - predicted.size();
        return new EndToEndScore(truth.size(), noFace, (double) correct / truth.size(), macroF1(confusion), confusion);
    }

    /**
     * Mean F1 of the three classes of a confusion matrix (rows truth; columns predicted, and optionally a fourth
     * "no face" column, which lowers recall, never precision).
     */
    static double macroF1(long[][] c) {
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            long predicted = c[0][k] + c[1][k] + c[2][k];
            long actual = java.util.Arrays.stream(c[k]).sum();
            double precision = predicted == 0 ? 0 : (double) c[k][k] / predicted;
            double recall = actual == 0 ? 0 : (double) c[k][k] / actual;
            sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        return sum / 3;
    }
}
