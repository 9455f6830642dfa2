package org.emotionlens.bench;

import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.emotionlens.api.Emotions;
import org.emotionlens.train.internal.Plots;
import org.emotionlens.train.internal.Trainer;

/**
 * Redraws the training benches' charts from their committed CSV files, without training: reproduction.png and
 * ablation.png (per-seed rows), every {@code <model>-curves.png} (per-epoch rows) and every test report's
 * {@code -confusion.png} (its confusion rows; title from its markdown). The same drawing code as the benches.
 */
public final class Replot {
    private Replot() { }

    /** The benches' CSV files: a "# made by" line, then a header. */
    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).get();

    public static void main(String[] args) throws Exception {
        Bench b = new Bench("Replot", args);
        List<CSVRecord> reproduction = read(b.out.resolve("reproduction.csv"));
        List<String> groups = new ArrayList<>(List.of("paper"));
        List<double[]> vals = new ArrayList<>(List.of(new double[] {Bench.PAPER_ACCURACY, Bench.PAPER_MACRO_F1}));
        List<double[]> errs = new ArrayList<>(List.of(new double[] {0, 0}));
        Map<String, Integer> committedSeed = new LinkedHashMap<>();
        Map<String, List<CSVRecord>> byModel = new LinkedHashMap<>();
        for (CSVRecord r : reproduction) {
            if (r.get("committed").equals("true")) committedSeed.put(r.get("model"), Integer.parseInt(r.get("seed")));
            // models without test (a) rows (landmarks-dense) have no bar, as in Reproduction
            if (!r.get("a_accuracy").isEmpty()) byModel.computeIfAbsent(r.get("model"), k -> new ArrayList<>()).add(r);
        }
        summarise(byModel, groups, vals, errs);
        Reproduction.chart(b, groups, vals, errs);

        groups.clear(); vals.clear(); errs.clear();
        Ablation.lstmFromReproduction(b.out.resolve("reproduction.csv"), new StringBuilder(), groups, vals, errs);
        Map<String, List<CSVRecord>> byRun = new LinkedHashMap<>();
        for (CSVRecord r : read(b.out.resolve("ablation.csv")))
            byRun.computeIfAbsent(r.get("model") + " " + r.get("loss") + " " + r.get("feature_count"), k -> new ArrayList<>()).add(r);
        summarise(byRun, groups, vals, errs);
        Ablation.chart(b, groups, vals, errs);
        int redrawn = 2;

        // models outside the reproduction table (bench Features' side-by-side model): the seed its report names
        try (DirectoryStream<Path> curves = Files.newDirectoryStream(b.out, "*-curves.csv")) {
            for (Path csv : curves) {
                String id = csv.getFileName().toString().replaceFirst("-curves\\.csv$", "");
                Path md = b.out.resolve(id + "-privatetest.md");
                if (committedSeed.containsKey(id) || !Files.isRegularFile(md)) continue;
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(seed (\\d+), committed\\)").matcher(Files.readAllLines(md).get(0));
                if (m.find()) committedSeed.put(id, Integer.parseInt(m.group(1)));
            }
        }
        for (Map.Entry<String, Integer> e : committedSeed.entrySet()) {
            Path csv = b.out.resolve(e.getKey() + "-curves.csv");
            if (!Files.isRegularFile(csv)) continue;
            List<Trainer.Epoch> history = new ArrayList<>();
            for (CSVRecord r : read(csv))
                history.add(new Trainer.Epoch(Integer.parseInt(r.get("member")), Integer.parseInt(r.get("epoch")), d(r, "train_loss"), d(r, "val_loss"),
                        d(r, "val_accuracy"), d(r, "val_macro_f1"), d(r, "seconds")));
            Plots.curves(b.out.resolve(e.getKey() + "-curves.png"), e.getKey() + " training (seed " + e.getValue() + ")", history);
            redrawn++;
        }

        try (DirectoryStream<Path> reports = Files.newDirectoryStream(b.out, "*test.csv")) {
            for (Path csv : reports) {
                String base = csv.getFileName().toString().replaceFirst("\\.csv$", "");
                Path md = csv.resolveSibling(base + ".md");
                if (!Files.isRegularFile(md)) continue;
                int[][] confusion = new int[3][3];
                for (CSVRecord r : read(csv)) {
                    if (!r.get("metric").equals("confusion")) continue;
                    String[] truthPredicted = r.get("class").split("->");
                    confusion[Emotions.LABELS.indexOf(truthPredicted[0])][Emotions.LABELS.indexOf(truthPredicted[1])] = Integer.parseInt(r.get("value"));
                }
                String title = Files.readAllLines(md).get(0).replaceFirst("^# ", "");
                Plots.confusion(csv.resolveSibling(base + "-confusion.png"), title, Emotions.LABELS, confusion);
                redrawn++;
            }
        }
        System.out.println("redrew " + redrawn + " charts in " + b.out);
    }

    static double d(CSVRecord r, String column) {
        return Double.parseDouble(r.get(column));
    }

    static List<CSVRecord> read(Path csv) throws Exception {
        try (Reader in = Files.newBufferedReader(csv); CSVParser p = FORMAT.parse(in)) {
            return p.getRecords();
        }
    }

    /** Mean ± sd of a_accuracy and a_macro_f1 per group, in file order. */
    static void summarise(Map<String, List<CSVRecord>> m, List<String> groups, List<double[]> vals, List<double[]> errs) {
        for (Map.Entry<String, List<CSVRecord>> e : m.entrySet()) {
            double[] acc = e.getValue().stream().mapToDouble(r -> d(r, "a_accuracy")).toArray();
            double[] f1 = e.getValue().stream().mapToDouble(r -> d(r, "a_macro_f1")).toArray();
            groups.add(e.getKey());
            vals.add(new double[] {Bench.mean(acc), Bench.mean(f1)});
            errs.add(new double[] {Bench.sd(acc), Bench.sd(f1)});
        }
    }
}
