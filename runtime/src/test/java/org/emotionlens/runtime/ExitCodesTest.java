package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.emotionlens.runtime.LauncherTest.HOME;
import static org.emotionlens.runtime.LauncherTest.SHARED;
import static org.emotionlens.runtime.LauncherTest.launch;
import static org.emotionlens.runtime.LauncherTest.project;

import org.emotionlens.runtime.LauncherTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * Exit codes that never lie: every way a run can lose its results ends non-zero with one line that names the file
 * or setting and says what to do, never a stack trace. Each case runs the real launcher on the assembled runtime.
 */
class ExitCodesTest {
    static final Path TEST_CSV = SHARED.resolve("data/fer2013-blendshapes/blends_test_full_set.csv");

    private static void noStackTrace(Run r) {
        assertThat(r.all()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    /** A JVM whose temporary files go to {@code tmp}, so a test can see that none is left. */
    private static List<String> tmpdir(Path tmp) {
        return List.of("-Djava.io.tmpdir=" + tmp);
    }

    private static void nothingLeftIn(Path tmp) throws Exception {
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("temporary files left").isEmpty();
        }
    }

    private static void png(Path file, int w, int h) throws Exception {
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    private static String firstTestRow() throws Exception {
        try (var lines = Files.lines(TEST_CSV)) {
            return lines.findFirst().orElseThrow();
        }
    }

    @Test
    void anOutputFolderThatCannotBeWrittenStopsTheRunBeforeItStarts(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "in the way");
        Path output = file.resolve("out");
        for (int i = 0; i < 3; i++) { // it used to depend on timing; every run must agree
            Run r = launch(HOME, "run", "--profile", "csv", "--output", output.toString(), "-q");
            assertThat(r.code()).as(r.all()).isEqualTo(2);
            assertThat(r.err()).contains("cannot write predictions to " + output.resolve("predictions.csv"))
                    .contains("--output");
            assertThat(r.out()).doesNotContain("finished");
            noStackTrace(r);
        }
    }

    @Test
    void anMp4SinkThatCannotEncodeTheFramesFailsTheRun(@TempDir Path tmp) throws Exception {
        Path tiny = tmp.resolve("tiny.png");
        png(tiny, 1, 1);
        Run r = launch(HOME, "run", "--profile", "video", "--input", tiny.toString(), "--output",
                tmp.resolve("tiny").toString(), "-q");
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("pipeline video failed").contains("1x1").contains("at least 2x2")
                .contains(tmp.resolve("tiny/video.mp4").toString());
        assertThat(tmp.resolve("tiny/video.mp4")).as("no empty MP4 is left behind").doesNotExist();
        noStackTrace(r);

        Path huge = tmp.resolve("huge.png");
        png(huge, 10000, 10000);
        r = launch(HOME, null, List.of("-Xmx3g"), "run", "--profile", "video", "--input", huge.toString(),
                "--output", tmp.resolve("huge").toString(), "-q");
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("10000x10000").contains("H.264 encoder takes at most");
        assertThat(tmp.resolve("huge/video.mp4")).doesNotExist();
        noStackTrace(r);
    }

    @Test
    void anOutOfMemoryErrorInThePipelineThreadFailsTheRun(@TempDir Path tmp) throws Exception {
        Path huge = tmp.resolve("huge.png");
        png(huge, 10000, 10000);
        Run r = launch(HOME, null, List.of("-Xmx256m"), "run", "--profile", "video", "--input", huge.toString(),
                "--output", tmp.resolve("out").toString(), "-q");
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("pipeline video failed").contains("out of memory").contains("-Xmx");
        noStackTrace(r);
    }

    @Test
    void emptyAndHeaderOnlyCsvFilesAreErrorsNamingTheFile(@TempDir Path tmp) throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
        Run r = launch(HOME, "run", "--profile", "csv", "--input", empty.toString(), "--output",
                tmp.resolve("o1").toString(), "-q");
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains(empty + ": no usable row: the file is empty");
        noStackTrace(r);

        String header = String.join(",", org.emotionlens.api.Blendshapes.NAMES) + ",label\n";
        Path headerOnly = Files.writeString(tmp.resolve("header.csv"), header);
        r = launch(HOME, "run", "--profile", "csv", "--input", headerOnly.toString(), "--output",
                tmp.resolve("o2").toString(), "-q");
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains(headerOnly + ": no usable row: the file holds a header and no data rows");
        noStackTrace(r);
    }

    @Test
    void aScoreOutsideZeroToOneIsAnErrorNamingFileAndLine(@TempDir Path tmp) throws Exception {
        String row = firstTestRow();
        String[] cells = row.split(",");
        cells[4] = "1.7";
        Path csv = Files.writeString(tmp.resolve("range.csv"), row + "\n" + String.join(",", cells) + "\n");
        Run r = launch(HOME, "run", "--profile", "csv", "--input", csv.toString(), "--output",
                tmp.resolve("o").toString(), "-q");
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains(csv + ":2: row column 5 (browOuterUpLeft) is 1.7, outside 0..1")
                .contains("bad.rows=skip");
        noStackTrace(r);
    }

    @Test
    void aUtf8ByteOrderMarkBeforeTheHeaderIsRead(@TempDir Path tmp) throws Exception {
        String header = String.join(",", org.emotionlens.api.Blendshapes.NAMES) + ",label";
        Path csv = tmp.resolve("bom.csv");
        Files.writeString(csv, "\uFEFF" + header + "\n" + firstTestRow() + "\n", StandardCharsets.UTF_8);
        Run r = launch(HOME, "run", "--profile", "csv", "--input", csv.toString(), "--output",
                tmp.resolve("o").toString(), "-q");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("pipeline csv finished: 1 frames, 1 faces, 1 predictions");
    }

    @Test
    void aMisspeltSetNameIsAnErrorListingTheVariables(@TempDir Path tmp) throws Exception {
        Run r = launch(HOME, "run", "--profile", "csv", "--set", "modle=dense", "--output", tmp.toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("--set modle=dense").contains("no variable 'modle'")
                .contains("did you mean 'model'?").contains("input, model");
        assertThat(tmp.resolve("predictions.csv")).doesNotExist();
        noStackTrace(r);
    }

    @Test
    void aValueOfTheWrongTypeNamesTheSettingNotATemporaryFile(@TempDir Path tmp) throws Exception {
        Run r = launch(HOME, null, tmpdir(tmp), "run", "--profile", "demo", "--set", "faces=abc", "--output",
                tmp.resolve("out").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("--set faces=abc").contains("max.faces:Integer").contains("demo.json")
                .contains("whole number").doesNotContain("profile-demo.json").doesNotContain("file:");
        noStackTrace(r);
        nothingLeftIn(tmp);
    }

    @Test
    void aTargetFilterMatchingNothingNamesStageFilterAndWhatIsThere(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        Run r = launch(HOME, "run", "--profile", "video", "--set", "smooth=true", "--set", "smoothing=emma",
                "--output", tmp.toString());
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("pipeline video: no filter matches filter.target (emotion.filter.type=emma)")
                .contains("emotion.filter.type=ema").contains("emotion.filter.type=majority")
                .doesNotContain("see the errors above");
        assertThat(seconds).as("no 30 s wait for a stage that cannot come").isLessThan(25);
        assertThat(tmp.resolve("predictions.csv")).doesNotExist();
        noStackTrace(r);
    }

    @Test
    void aProfileGivenAsAPathRunsAndLeavesNoTemporaryFolder(@TempDir Path tmp) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path temp = Files.createDirectories(tmp.resolve("temp"));
        // From a folder beside configs/, as a user in runtime/ would type it.
        Path cwd = Files.createDirectories(HOME.resolve("runtime/target"));
        Run r = launch(HOME, cwd, tmpdir(temp), "run", "--profile", "../../configs/csv", "--output", work.toString(),
                "-q");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("pipeline csv finished: 1647 frames");
        nothingLeftIn(temp);

        r = launch(HOME, cwd, tmpdir(temp), "run", "--profile", "../../configs/no-such", "--output",
                work.toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("no-such.json does not exist");
        noStackTrace(r);
        nothingLeftIn(temp);
    }

    @Test
    void aMissingVideoInputExitsWithTwo(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("no-such.mp4");
        Run r = launch(HOME, "run", "--profile", "video", "--input", missing.toString(), "--output", tmp.toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains(missing.toString()).contains("does not exist").contains("--input");
        noStackTrace(r);
    }

    @Test
    void aModelFileWhoseDeclaredInputShapeDisagreesWithItsFeaturesIsRefused(@TempDir Path tmp) throws Exception {
        Path home = project(tmp.resolve("p"));
        Path models = Files.createDirectories(tmp.resolve("bad-models"));
        String meta = Files.readString(HOME.resolve("models/lstm-paper.model.json"));
        String wrong = meta.replaceFirst("\"onnx\"\\s*:\\s*\"[^\"]*\"", "\"onnx\": \""
                + HOME.resolve("models/lstm-paper.onnx") + "\"").replace("[\"N\", 52, 1]", "[\"N\", 51, 1]");
        assertThat(wrong).contains("[\"N\", 51, 1]");
        Files.writeString(models.resolve("lstm-paper.model.json"), wrong);
        Files.copy(HOME.resolve("configs/csv.json"), home.resolve("configs/csv.json"));
        Run r = launch(home, "run", "--profile", "csv", "--set", "models=" + models, "--output",
                tmp.resolve("out").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains(models.resolve("lstm-paper.model.json").toString())
                .contains("input shape [N, 51, 1]").contains("52 features");
        noStackTrace(r);
    }

    @Test
    void modelsVerifyCallsAWrongFileWrongAndSearchesWhereRunLooks(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("models"));
        Files.writeString(dir.resolve("face_landmarker.task"), "not the model");
        Run r = launch(HOME, "models", "verify", "--dir", dir.toString());
        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("WRONG    " + dir.resolve("face_landmarker.task")).contains("has sha256")
                .doesNotContain("MISSING  face_landmarker.task");

        // From any folder, without --dir: the project's models and the shared mirror, as 'run' finds them.
        r = launch(HOME, tmp, List.of(), "models", "verify");
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("ok       " + SHARED.toAbsolutePath().normalize().resolve(
                "models/face_landmarker.task"));
    }

    @Test
    void trainWithAnOutputThatCannotBeWrittenFailsBeforeTraining(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "in the way");
        long t0 = System.nanoTime();
        Run r = launch(HOME, "train", "--train", TEST_CSV.toString(), "--out", file.resolve("models").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("train --out " + file.resolve("models")).contains("is a file");
        assertThat((System.nanoTime() - t0) / 1_000_000_000L).as("refused before training").isLessThan(30);
        assertThat(r.out()).doesNotContainIgnoringCase("epoch");
    }

    @Test
    void aSecondLiveRunOnABusyPortNamesThePortAndWritesNothing(@TempDir Path tmp) throws Exception {
        Path output = Files.createDirectories(tmp.resolve("out"));
        Path earlier = Files.writeString(output.resolve("predictions.csv"), "the first run's predictions\n");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            Run r = launch(HOME, "run", "--profile", "live-web", "--set", "port=" + port, "--output",
                    output.toString(), "-q");
            assertThat(r.code()).as(r.all()).isEqualTo(2);
            assertThat(r.err()).contains("127.0.0.1:" + port).contains("holds port " + port)
                    .contains("--set port=");
            noStackTrace(r);
        }
        assertThat(Files.readString(earlier)).isEqualTo("the first run's predictions\n");
        assertThat(output.resolve("demo.mp4")).doesNotExist();
    }
}
