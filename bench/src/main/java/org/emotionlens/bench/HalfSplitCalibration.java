package org.emotionlens.bench;

import java.util.Arrays;
import java.util.Random;
import org.emotionlens.train.internal.Ensemble;
import org.emotionlens.train.internal.Experiment;
import org.emotionlens.train.internal.Metrics;

/**
 * How well the class rescale of "ours" carries over to rows it was not fitted on, measured on validation rows only:
 * the rows are split in random halves; the rescale is fitted on one half (as {@link Experiment#calibrate} fits it
 * on the whole validation file) and scored on the other, and the other way round, {@code repeats} times. The fitted
 * validation score is optimistic (it is maximised on those rows); this one is not, so it can rank variants whose
 * rescale has more or less room to over-fit.
 */
final class HalfSplitCalibration {
    /** Mean accuracy and macro-F1 on the held-out halves. */
    record Score(double accuracy, double macroF1) {
        double sum() { return accuracy + macroF1; }
    }

    private HalfSplitCalibration() { }

    static Score score(double[][] probs, int[] y, int repeats, long seed) {
        Random rnd = new Random(seed);
        int n = y.length;
        double acc = 0;
        double f1 = 0;
        for (int rep = 0; rep < repeats; rep++) {
            int[] idx = permutation(n, rnd);
            int[][] halves = {Arrays.copyOfRange(idx, 0, n / 2), Arrays.copyOfRange(idx, n / 2, n)};
            for (int h = 0; h < 2; h++) {
                double[] scale = Experiment.calibrate(rows(probs, halves[h]), labels(y, halves[h]));
                int[] other = halves[1 - h];
                double[][] q = new double[other.length][];
                for (int i = 0; i < other.length; i++) q[i] = Ensemble.rescale(probs[other[i]], scale);
                Metrics m = new Metrics(q, labels(y, other));
                acc += m.accuracy;
                f1 += m.macroF1;
            }
        }
        return new Score(acc / (2 * repeats), f1 / (2 * repeats));
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    private static double[][] rows(double[][] a, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) out[i] = a[idx[i]];
        return out;
    }

    private static int[] labels(int[] y, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = y[idx[i]];
        return out;
    }
}
