package org.emotionlens.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Plots;

/** Shared bench plumbing: data location, the reproduction split, output files stating their command. */
final class Bench {
    /** The paper's figures on the last 1646 rows of blends_test_full_set.csv. */
    static final double PAPER_ACCURACY = 0.7199;
    static final double PAPER_MACRO_F1 = 0.6298;
    static final double PAPER_CCE = 0.6235;
    static final int[][] PAPER_CONFUSION = {{251, 35, 5}, {110, 850, 150}, {21, 140, 84}};
    static final double MAJORITY = 1110.0 / 1646;

    final Path data;
    final Path out;
    final String command;

    Bench(String main, String[] args) {
        data = Path.of(System.getProperty("emotionlens.data", "../shared/data/fer2013-blendshapes"));
        out = Path.of(System.getProperty("emotionlens.out", "docs/classifiers"));
        command = "java -cp 'bench/target/classes:bench/target/lib/*' org.emotionlens.bench." + main + (args.length == 0 ? "" : " " + String.join(" ", args));
        Plots.caption = "made by: " + command;
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Dataset train() { return CsvData.read(data.resolve("blends_val_full_set.csv"), 0, CsvData.OnBadRow.FAIL, System.err); }

    Dataset test() { return CsvData.read(data.resolve("blends_test_full_set.csv"), 1, CsvData.OnBadRow.FAIL, System.err); }

    void write(String name, String text) {
        try {
            Files.writeString(out.resolve(name), text);
            System.out.println("wrote " + out.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String mdHeader(String title) {
        return "# " + title + "\n\nMade by: `" + command + "` (run from the repository root after `mvn -B -q install -pl bench -am`), "
                + String.format(Locale.ROOT, "%s, %d cores available to the JVM.%n%n", java.time.LocalDate.now(), Runtime.getRuntime().availableProcessors());
    }

    String csvHeader() { return "# made by: " + command + "\n"; }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Sample standard deviation (0 for a single value). */
    static double sd(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    static int argInt(String[] args, String name, int def) {
        for (int k = 0; k + 1 < args.length; k++) if (args[k].equals(name)) return Integer.parseInt(args[k + 1]);
        return def;
    }

    static String argString(String[] args, String name, String def) {
        for (int k = 0; k + 1 < args.length; k++) if (args[k].equals(name)) return args[k + 1];
        return def;
    }

    static boolean flag(String[] args, String name) {
        for (String a : args) if (a.equals(name)) return true;
        return false;
    }
}
