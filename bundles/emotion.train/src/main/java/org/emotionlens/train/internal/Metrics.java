package org.emotionlens.train.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.emotionlens.api.Emotions;

/** Accuracy, categorical cross-entropy, macro-F1, per-class precision/recall/F1, confusion (rows = truth). */
public final class Metrics {
    public final int[][] confusion = new int[3][3];
    public final int rows;
    public final double accuracy;
    public final double cce;
    public final double macroF1;
    public final double[] precision = new double[3];
    public final double[] recall = new double[3];
    public final double[] f1 = new double[3];

    public Metrics(double[][] probabilities, int[] labels) {
        rows = labels.length;
        double ce = 0;
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            double[] p = probabilities[r];
            int pred = argmax(p);
            confusion[labels[r]][pred]++;
            if (pred == labels[r]) correct++;
            ce += -Math.log(Loss.clip(p[labels[r]]));
        }
        accuracy = rows == 0 ? 0 : (double) correct / rows;
        cce = rows == 0 ? 0 : ce / rows;
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            int tp = confusion[c][c];
            int predicted = confusion[0][c] + confusion[1][c] + confusion[2][c];
            int actual = confusion[c][0] + confusion[c][1] + confusion[c][2];
            precision[c] = predicted == 0 ? 0 : (double) tp / predicted;
            recall[c] = actual == 0 ? 0 : (double) tp / actual;
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
            sum += f1[c];
        }
        macroF1 = sum / 3;
    }

    public static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", round(accuracy));
        m.put("macroF1", round(macroF1));
        m.put("cce", round(cce));
        m.put("rows", rows);
        Map<String, Object> per = new LinkedHashMap<>();
        for (int c = 0; c < 3; c++) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("precision", round(precision[c]));
            k.put("recall", round(recall[c]));
            k.put("f1", round(f1[c]));
            per.put(Emotions.LABELS.get(c), k);
        }
        m.put("perClass", per);
        m.put("confusion", new int[][] {confusion[0].clone(), confusion[1].clone(), confusion[2].clone()});
        return m;
    }

    static double round(double v) { return Math.round(v * 1e6) / 1e6; }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "rows %d  accuracy %.4f  macro-F1 %.4f  categorical cross-entropy %.4f%n", rows, accuracy, macroF1, cce));
        sb.append(String.format(Locale.ROOT, "%-8s %9s %9s %9s%n", "class", "precision", "recall", "F1"));
        for (int c = 0; c < 3; c++)
            sb.append(String.format(Locale.ROOT, "%-8s %9.4f %9.4f %9.4f%n", Emotions.LABELS.get(c), precision[c], recall[c], f1[c]));
        sb.append("confusion (rows = truth, columns = predicted)\n");
        sb.append(String.format(Locale.ROOT, "%-8s %8s %8s %8s%n", "", "happy", "unknown", "sad"));
        for (int c = 0; c < 3; c++)
            sb.append(String.format(Locale.ROOT, "%-8s %8d %8d %8d%n", Emotions.LABELS.get(c), confusion[c][0], confusion[c][1], confusion[c][2]));
        return sb.toString();
    }
}
