package org.emotionlens.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.emotionlens.api.Blendshapes;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.DataException;
import org.emotionlens.train.internal.Dataset;
import jakarta.json.JsonObject;
import org.emotionlens.models.metadata.ModelMetadata;
import org.emotionlens.train.internal.OnnxModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvAndCommandTest {
    @TempDir
    Path dir;

    static String row(double v, String label) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 52; k++) sb.append(v).append(',');
        return sb.append(label).toString();
    }

    Path brokenFile() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(row(0.1, "0"));                      // line 1 ok
        lines.add(row(0.2, "1").replaceFirst("0.2,", "")); // line 2: 52 columns
        lines.add(row(0.3, "2").replaceFirst("0.3", "abc")); // line 3: not a number
        lines.add(row(0.4, "7"));                      // line 4: label out of range
        lines.add(row(0.5, "2"));                      // line 5 ok
        lines.add(row(0.6, "sad"));                    // line 6 ok, label by name
        Path f = dir.resolve("broken.csv");
        Files.write(f, lines);
        return f;
    }

    @Test
    void malformedRowsAreReportedWithFileAndLine() throws Exception {
        Path f = brokenFile();
        assertThatThrownBy(() -> CsvData.read(f, 0, CsvData.OnBadRow.FAIL, null)).isInstanceOf(DataException.class)
                .hasMessageContaining("broken.csv:2:").hasMessageContaining("52 columns, expected 53");
        ByteArrayOutputStream warn = new ByteArrayOutputStream();
        Dataset d = CsvData.read(f, 0, CsvData.OnBadRow.SKIP, new PrintStream(warn, true, StandardCharsets.UTF_8));
        String w = warn.toString(StandardCharsets.UTF_8);
        System.out.print(w);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.y).containsExactly(0, 2, 2);
        assertThat(w).contains("broken.csv:2:").contains("broken.csv:3: score 'abc'").contains("broken.csv:4: label '7'").contains("skipped 3 bad row(s)");
    }

    @Test
    void headerCsvFromTheDatasetPipelineIsRead() throws Exception {
        List<String> names = new ArrayList<>(Blendshapes.NAMES);
        java.util.Collections.reverse(names); // columns found by name, not position
        StringBuilder header = new StringBuilder(String.join(",", names)).append(",label,source_index,augmentation");
        List<String> lines = new ArrayList<>(List.of(header.toString()));
        for (int r = 0; r < 3; r++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 52; k++) sb.append(k == 0 ? 0.9 : 0.01 * r).append(',');
            sb.append(new String[] {"happy", "1", "sad"}[r]).append(',').append(r).append(",flip");
            lines.add(sb.toString());
        }
        Path f = dir.resolve("header.csv");
        Files.write(f, lines);
        Dataset d = CsvData.read(f, 0, CsvData.OnBadRow.FAIL, null);
        assertThat(d.y).containsExactly(0, 1, 2);
        // the first header column is noseSneerRight (index 51)
        assertThat(d.x[0][51]).isEqualTo(0.9);
        assertThat(CsvData.read(f, 1, CsvData.OnBadRow.FAIL, null).size()).isEqualTo(2);
    }

    @Test
    void skipRowsGivesThePapersTestRows() {
        Dataset d = CsvData.read(TestData.test(), 1, CsvData.OnBadRow.FAIL, null);
        assertThat(d.size()).isEqualTo(1646);
        assertThat(d.classCounts()).containsExactly(291, 1110, 245);
        // blends_test_index.csv carries a trailing image index: same scores
        Dataset idx = CsvData.read(TestData.dir().resolve("blends_test_index.csv"), 1, CsvData.OnBadRow.FAIL, null);
        assertThat(idx.size()).isEqualTo(1646);
        assertThat(idx.y).containsExactly(d.y);
    }

    int run(boolean train, ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return train ? TrainCommand.run(args, o, e) : EvaluateCommand.run(args, o, e);
    }

    @Test
    void badOptionsGiveUsageAndNonZeroExitWithoutStackTrace() {
        for (String[] args : List.of(new String[] {"--bogus"}, new String[] {}, new String[] {"--train"})) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            assertThat(run(true, out, err, args)).isEqualTo(2);
            assertThat(err.toString()).contains("usage: emotionlens train").doesNotContain("Exception").doesNotContain("\tat ");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        assertThat(run(true, out, err, "--train", TestData.val().toString(), "--model", "resnet")).isEqualTo(1);
        assertThat(err.toString()).contains("--model takes one of").doesNotContain("\tat ");
        err.reset();
        assertThat(run(true, out, err, "--train", TestData.val().toString(), "--epochs", "many")).isEqualTo(1);
        assertThat(err.toString()).contains("--epochs takes a whole number");
        err.reset();
        assertThat(run(false, out, err, "--model", "x.model.json")).isEqualTo(2);
        assertThat(err.toString()).contains("usage: emotionlens evaluate");
        err.reset();
        assertThat(run(false, out, err, "--model", dir.resolve("x.model.json").toString(), "--data", TestData.test().toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no such model metadata file");
        out.reset();
        assertThat(run(true, out, err, "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("--features").contains("--on-bad-row");
    }

    @Test
    void emptySingleClassAndDivergingTrainingSetsGiveClearMessages() throws Exception {
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        Path single = dir.resolve("single.csv");
        Files.write(single, List.of(row(0.1, "1"), row(0.2, "1"), row(0.3, "1")));
        Path huge = dir.resolve("huge.csv");
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 40; r++) lines.add(row(r % 2 == 0 ? 1e308 : -1e308, String.valueOf(r % 3)));
        Files.write(huge, lines);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        assertThat(run(true, out, err, "--train", empty.toString(), "--model", "dense", "--quiet", "--out", dir.toString(), "--work", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("the training set has no rows");
        err.reset();
        assertThat(run(true, out, err, "--train", single.toString(), "--model", "dense", "--quiet", "--out", dir.toString(), "--work", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("single class");
        err.reset();
        assertThat(run(true, out, err, "--train", huge.toString(), "--model", "dense", "--quiet", "--holdout", "0.3", "--out", dir.toString(), "--work", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).containsPattern("loss became (NaN|Infinity)");
    }

    /** A real short training run through the command; can fail if the engine does not learn. */
    @Test
    void shortTrainingOnTheRealDataBeatsTheMajorityBaseline() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = run(true, out, err, "--train", TestData.val().toString(), "--test", TestData.test().toString(), "--test-skip-rows", "1",
                "--model", "dense", "--features", "selected", "--epochs", "40", "--out", dir.resolve("models").toString(), "--work", dir.resolve("work").toString());
        System.out.print(out);
        assertThat(rc).as(err.toString()).isEqualTo(0);
        // not a terminal: one plain line per epoch, no carriage returns
        assertThat(err.toString()).contains("epoch 1/40 loss").contains("epoch 2/40 loss").doesNotContain("\r");
        Path json = dir.resolve("models/dense.model.json");
        ModelMetadata meta = OnnxModel.readMetadata(json);
        JsonObject testMetrics = meta.details().getJsonObject("metrics").getJsonObject("test");
        double majority = 1110.0 / 1646;
        assertThat(testMetrics.getJsonNumber("accuracy").doubleValue()).isGreaterThan(majority + 0.02);
        assertThat(meta.features()).hasSizeLessThan(52);
        assertThat(Files.size(dir.resolve("work/dense-curves.png"))).isPositive();
        assertThat(Files.readAllLines(dir.resolve("work/dense-curves.csv")).get(0)).startsWith("member,epoch,train_loss");
        assertThat(Files.exists(dir.resolve("work/checkpoints/member0-best.params"))).isTrue();
        // evaluate the deployed files through ONNX Runtime: same accuracy as recorded at training time
        out.reset();
        assertThat(run(false, out, err, "--model", json.toString(), "--data", TestData.test().toString(), "--skip-rows", "1", "--out", dir.resolve("eval").toString())).isEqualTo(0);
        assertThat(out.toString()).contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", testMetrics.getJsonNumber("accuracy").doubleValue()));
        assertThat(Files.exists(dir.resolve("eval/dense-eval-confusion.png"))).isTrue();
    }

    /** The first rows of the paper's validation file as a small training file. */
    Path smallTrainingFile(int rows) throws Exception {
        Path f = dir.resolve("small-" + rows + ".csv");
        Files.write(f, Files.readAllLines(TestData.val()).subList(0, rows));
        return f;
    }

    /** Trains with the given options into dir/name; returns the ONNX bytes (null when no model was written). */
    byte[] train(String name, ByteArrayOutputStream err, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--out", dir.resolve(name + "-models").toString(), "--work", dir.resolve(name + "-work").toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = run(true, out, err, args.toArray(new String[0]));
        assertThat(rc).as(err.toString()).isEqualTo(0);
        Path onnx = dir.resolve(name + "-models").resolve(options[java.util.Arrays.asList(options).indexOf("--model") + 1] + ".onnx");
        return Files.exists(onnx) ? Files.readAllBytes(onnx) : null;
    }

    static List<String> curvesWithoutSeconds(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    /**
     * Stopping after some epochs and resuming gives bit-identical weights (the ONNX file) and the same curves as one
     * uninterrupted run: weights, optimiser moments, early-stopping state and the per-epoch shuffles all carry over.
     * lstm-paper with early stopping inside the run, and the ensemble with a stop inside its second member.
     */
    @Test
    void resumingAfterAStopGivesTheSameModelAsAnUninterruptedRun() throws Exception {
        Path data = smallTrainingFile(300);
        String[][] runs = {
            {"--train", data.toString(), "--model", "lstm-paper", "--epochs", "6", "--patience", "2", "--seed", "3", "--quiet"},
            {"--train", data.toString(), "--model", "ours", "--folds", "2", "--epochs", "4", "--seed", "3", "--quiet"},
        };
        int[] stopAfter = {2, 6};
        for (int k = 0; k < runs.length; k++) {
            String[] opts = runs[k];
            String model = opts[3];
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            byte[] whole = train(model + "-whole", err, opts);
            assertThat(whole).isNotNull();

            List<String> stopped = new ArrayList<>(List.of(opts));
            stopped.addAll(List.of("--stop-after-epochs", String.valueOf(stopAfter[k])));
            err.reset();
            assertThat(train(model + "-split", err, stopped.toArray(new String[0]))).as("no model after a stop").isNull();
            assertThat(err.toString()).contains("stopped after " + stopAfter[k] + " epoch(s)").contains("--resume");
            List<String> resumed = new ArrayList<>(List.of(opts));
            resumed.remove("--quiet");
            resumed.add("--resume");
            err.reset();
            byte[] split = train(model + "-split", err, resumed.toArray(new String[0]));
            System.out.print(err);
            assertThat(err.toString()).contains("resuming after epoch");
            assertThat(split).as(model + ": stop + resume vs one run").isEqualTo(whole);
            assertThat(curvesWithoutSeconds(dir.resolve(model + "-split-work/" + model + "-curves.csv")))
                    .isEqualTo(curvesWithoutSeconds(dir.resolve(model + "-whole-work/" + model + "-curves.csv")));
        }
        // other options: refused, naming what differs
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        String[] first = {"--train", data.toString(), "--model", "dense", "--epochs", "3", "--quiet", "--stop-after-epochs", "1",
            "--out", dir.resolve("m").toString(), "--work", dir.resolve("w").toString()};
        assertThat(run(true, out, err, first)).isEqualTo(0);
        String[] other = {"--train", data.toString(), "--model", "dense", "--epochs", "3", "--quiet", "--lr", "0.01", "--resume",
            "--out", dir.resolve("m").toString(), "--work", dir.resolve("w").toString()};
        assertThat(run(true, out, err, other)).isEqualTo(1);
        assertThat(err.toString()).contains("cannot resume").contains("optimizer").contains("without --resume");
    }
}
