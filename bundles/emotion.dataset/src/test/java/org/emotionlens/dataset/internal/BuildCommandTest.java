package org.emotionlens.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dataset build} end to end on the real-photo FER2013-format fixture, with the real MediaPipe models. */
class BuildCommandTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixture/fer2013-fixture.csv");
    static final String MODELS = Path.of(System.getProperty("emotionlens.shared", "../../../shared"), "models").toString();

    @TempDir
    static Path tmp;
    static Path full;
    static String fullOut;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = DirectStages.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static String[] buildArgs(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("build", "--fer", FIXTURE.toString(), "--out", out.toString(),
                "--models", MODELS, "--caps", "happy=30,neutral=1500"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @BeforeAll
    static void buildOnce() {
        full = tmp.resolve("full");
        Run r = run(buildArgs(full));
        fullOut = r.out();
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void writesEverySplitAsCsvThatTheTrainingEngineReads() throws Exception {
        for (String split : Fer.SPLITS) {
            Path csv = full.resolve(split + ".csv");
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0)).isEqualTo(String.join(",", Blendshapes.NAMES) + ",label,source_index,augmentation");
            Dataset d = CsvData.read(csv, 0, CsvData.OnBadRow.FAIL, System.err);
            assertThat(d.size()).isEqualTo(lines.size() - 1).isPositive();
            assertThat(d.featureNames).hasSize(52);
            for (int k = 0; k < d.size(); k++) {
                assertThat(d.y[k]).isIn(0, 1); // the fixture has happy and neutral faces only
            }
        }
        try (Stream<Path> s = Files.list(full)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"))
                    .doesNotContain(Journal.JOURNAL, Journal.CHECKPOINT);
        }
        assertThat(full.resolve("report/figure5-scatter.png")).isRegularFile();
        assertThat(full.resolve("class-counts.png")).isRegularFile();
    }

    @Test
    void reportsMalformedRowsWithTheirLineNumbersAndSkipsThem() {
        Run r = run(buildArgs(tmp.resolve("bad"), "--augment", "0", "--stop-after", "1"));
        assertThat(r.err()).contains("fer2013-fixture.csv:80: skipped: 2303 pixel values")
                .contains(":81: skipped: pixel 0 'x7' is not a number")
                .contains(":82: skipped: unknown emotion code 9")
                .contains(":83: skipped: Usage 'Validation'")
                .contains(":84: skipped: emotion 'happy' is not a number");
        assertThat(fullOut).contains("5 malformed input rows were skipped");
    }

    @Test
    void capsKeepTheFirstImagesOfAClassInFileOrderAndEveryRowKeepsItsSourceIndex() throws Exception {
        List<String> fer = Files.readAllLines(FIXTURE);
        List<Long> trainHappy = new ArrayList<>();
        for (int i = 1; i < 79; i++) {
            String[] f = fer.get(i).split(",");
            if (f[0].equals("3") && f[2].equals("Training")) {
                trainHappy.add((long) i - 1);
            }
        }
        assertThat(trainHappy.size()).isGreaterThan(30);
        Set<Long> capped = new HashSet<>(trainHappy.subList(0, 30));
        Set<Long> seen = new HashSet<>();
        for (String line : Files.readAllLines(full.resolve("train.csv")).subList(1, Files.readAllLines(full.resolve("train.csv")).size())) {
            String[] f = line.split(",");
            long index = Long.parseLong(f[53]);
            String[] ferRow = fer.get((int) index + 1).split(",");
            assertThat(Fer.toLabel3(Integer.parseInt(ferRow[0]))).isEqualTo(Integer.parseInt(f[52]));
            assertThat(ferRow[2]).isEqualTo("Training");
            if (ferRow[0].equals("3")) {
                assertThat(capped).contains(index);
            }
            assertThat(f[54]).matches("none|rot[+-]\\d+\\.\\d|flip\\+rot[+-]\\d+\\.\\d");
            if (!f[54].equals("none")) {
                double angle = Double.parseDouble(f[54].replaceAll(".*rot", ""));
                assertThat(Math.abs(angle)).isLessThanOrEqualTo(36);
                assertThat(seen).as("an augmented copy follows a kept original").contains(index);
            } else {
                seen.add(index);
            }
        }
        // every capped training original is either written or listed as dropped
        List<String> dropped = Files.readAllLines(full.resolve("dropped.csv"));
        assertThat(dropped.get(0)).isEqualTo("source_index,split,class,label,augmentation,reason");
        int droppedTrainOriginals = 0;
        for (String d : dropped.subList(1, dropped.size())) {
            String[] f = d.split(",");
            if (f[1].equals("train") && f[4].equals("none")) {
                droppedTrainOriginals++;
                assertThat(seen).doesNotContain(Long.parseLong(f[0]));
            }
        }
        long trainOriginals = fer.subList(1, 79).stream().filter(l -> l.endsWith(",Training")).count();
        long trainNeutral = fer.subList(1, 79).stream().filter(l -> l.startsWith("6,") && l.endsWith(",Training")).count();
        assertThat(seen.size() + droppedTrainOriginals).isEqualTo(30 + trainNeutral);
        assertThat(trainOriginals).isGreaterThan(30 + trainNeutral);
        assertThat(fullOut).contains("Table 3");
    }

    @Test
    void anInterruptedBuildResumesToTheSameFilesAsAnUninterruptedOne() throws Exception {
        Path out = tmp.resolve("resumed");
        Run first = run(buildArgs(out, "--stop-after", "37", "--threads", "1"));
        assertThat(first.code()).isEqualTo(Builder.STOPPED);
        assertThat(first.err()).contains("stopped after 37 work items");
        assertThat(out.resolve("train.csv")).doesNotExist();
        assertThat(out.resolve(Journal.CHECKPOINT)).content().contains("items=37");
        Run second = run(buildArgs(out, "--stop-after", "50"));
        assertThat(second.code()).isEqualTo(Builder.STOPPED);
        assertThat(second.out()).contains("resuming").contains("37 work items already done");
        Run rest = run(buildArgs(out));
        assertThat(rest.code()).as(rest.err()).isZero();
        for (String name : List.of("train.csv", "validation.csv", "test.csv", "dropped.csv", "summary.md")) {
            assertThat(Files.readString(out.resolve(name))).as(name).isEqualTo(Files.readString(full.resolve(name)));
        }
    }

    @Test
    void anUnfinishedBuildWithOtherOptionsIsNotContinued() {
        Path out = tmp.resolve("changed");
        assertThat(run(buildArgs(out, "--stop-after", "5")).code()).isEqualTo(Builder.STOPPED);
        Run other = run(buildArgs(out, "--seed", "7"));
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("unfinished build made with other options").contains("--restart");
        Run restarted = run(buildArgs(out, "--seed", "7", "--restart", "--augment", "0", "--stop-after", "3"));
        assertThat(restarted.out()).doesNotContain("resuming");
    }

    @Test
    void aFileThatIsNotFer2013StopsWithAClearMessage() {
        Path notFer = Path.of("../../../shared/data/fer2013-blendshapes/blends_val_full_set.csv");
        Path shared = Path.of(System.getProperty("emotionlens.shared", "../../../shared"), "data/fer2013-blendshapes/blends_val_full_set.csv");
        Run r = run("build", "--fer", (Files.isRegularFile(shared) ? shared : notFer).toString(), "--out", tmp.resolve("nf").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a FER2013 CSV file").contains("expected 'emotion,pixels,Usage'");
    }

    @Test
    void sevenClassModeAndLandmarkFeatures() throws Exception {
        Path out = tmp.resolve("seven");
        Run r = run(buildArgs(out, "--classes", "7", "--landmarks", "--augment", "0"));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> bs = Files.readAllLines(out.resolve("validation.csv"));
        List<String> lm = Files.readAllLines(out.resolve("validation-landmarks.csv"));
        assertThat(lm).hasSameSizeAs(bs);
        assertThat(lm.get(0).split(",")).hasSize(478 * 3 + 3);
        assertThat(lm.get(0)).startsWith("lm0.x,lm0.y,lm0.z,");
        for (int i = 1; i < bs.size(); i++) {
            String[] b = bs.get(i).split(",");
            String[] l = lm.get(i).split(",");
            assertThat(b[52]).isIn("3", "6");
            assertThat(l[l.length - 2]).isEqualTo(b[53]); // same source row in both files
        }
    }
}
