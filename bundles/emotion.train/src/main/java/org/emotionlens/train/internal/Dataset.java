package org.emotionlens.train.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Rows of features with labels 0 happy, 1 unknown, 2 sad, and where they came from. */
public final class Dataset {
    public static final int CLASSES = 3;

    /** A file the rows came from: path, rows used, sha256 of the whole file. */
    public record Source(String file, int rows, String sha256) { }

    public final List<String> featureNames;
    public final double[][] x;
    public final int[] y;
    public final List<Source> sources;

    public Dataset(List<String> featureNames, double[][] x, int[] y, List<Source> sources) {
        this.featureNames = List.copyOf(featureNames);
        this.x = x;
        this.y = y;
        this.sources = List.copyOf(sources);
    }

    public int size() { return y.length; }

    public int[] classCounts() {
        int[] c = new int[CLASSES];
        for (int v : y) c[v]++;
        return c;
    }

    public Dataset rows(int[] idx) {
        double[][] nx = new double[idx.length][];
        int[] ny = new int[idx.length];
        for (int k = 0; k < idx.length; k++) { nx[k] = x[idx[k]]; ny[k] = y[idx[k]]; }
        return new Dataset(featureNames, nx, ny, sources);
    }

    /** Keeps the named columns, in the order given. */
    public Dataset select(List<String> names) {
        int[] cols = new int[names.size()];
        for (int k = 0; k < cols.length; k++) {
            cols[k] = featureNames.indexOf(names.get(k));
            if (cols[k] < 0) throw new DataException("feature '" + names.get(k) + "' is not in the data (columns: " + featureNames + ")");
        }
        double[][] nx = new double[x.length][cols.length];
        for (int r = 0; r < x.length; r++) for (int k = 0; k < cols.length; k++) nx[r][k] = x[r][cols[k]];
        return new Dataset(names, nx, y, sources);
    }

    public static Dataset concat(List<Dataset> parts) {
        List<double[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        List<Source> src = new ArrayList<>();
        for (Dataset d : parts) {
            if (!d.featureNames.equals(parts.get(0).featureNames)) throw new DataException("data files have different feature columns");
            xs.addAll(Arrays.asList(d.x));
            for (int v : d.y) ys.add(v);
            src.addAll(d.sources);
        }
        return new Dataset(parts.get(0).featureNames, xs.toArray(new double[0][]), ys.stream().mapToInt(Integer::intValue).toArray(), src);
    }

    /** Seeded stratified split: returns {rest, heldOut} with fraction of every class held out. */
    public Dataset[] stratifiedSplit(double fraction, long seed) {
        Random rnd = new Random(seed);
        List<Integer> keep = new ArrayList<>();
        List<Integer> hold = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            List<Integer> idx = new ArrayList<>();
            for (int r = 0; r < y.length; r++) if (y[r] == c) idx.add(r);
            for (int k = idx.size() - 1; k > 0; k--) {
                int j = rnd.nextInt(k + 1);
                Integer t = idx.get(k); idx.set(k, idx.get(j)); idx.set(j, t);
            }
            int h = (int) Math.round(idx.size() * fraction);
            hold.addAll(idx.subList(0, h));
            keep.addAll(idx.subList(h, idx.size()));
        }
        keep.sort(null);
        hold.sort(null);
        return new Dataset[] {rows(keep.stream().mapToInt(Integer::intValue).toArray()), rows(hold.stream().mapToInt(Integer::intValue).toArray())};
    }

    /** Checks that training can make sense on these rows. */
    public void requireTrainable(String what) {
        if (size() == 0) throw new DataException(what + " has no rows: check the file and --skip-rows / --on-bad-row");
        int present = 0;
        for (int c : classCounts()) if (c > 0) present++;
        if (present < 2) throw new DataException(what + " has a single class (counts happy/unknown/sad = " + Arrays.toString(classCounts()) + "): a classifier needs at least two");
    }
}
