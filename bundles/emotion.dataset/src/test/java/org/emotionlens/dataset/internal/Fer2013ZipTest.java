package org.emotionlens.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dataset build} on the real FER2013 zip, read in place: split picking, source indices, determinism, bad zips. */
class Fer2013ZipTest {
    static final Path ZIP = FolderAndToolsTest.SHARED.resolve("data/fer2013/fer2013-images.zip");
    /** 3 images of each class of the picked split (first in file order), so the test stays short. */
    static final String SMALL_CAPS = "angry=3,disgust=3,fear=3,happy=3,sad=3,surprise=3,neutral=3";

    @TempDir
    static Path tmp;

    static BuildCommandTest.Run build(Path out, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("build", "--images", ZIP.toString(), "--out",
                out.toString(), "--models", BuildCommandTest.MODELS, "--caps", SMALL_CAPS));
        a.addAll(List.of(extra));
        return BuildCommandTest.run(a.toArray(String[]::new));
    }

    @BeforeAll
    static void zipIsThere() {
        assertThat(ZIP).as("FER2013 zip beside the checkout: ../shared/data/fer2013/fer2013-images.zip").isRegularFile();
    }

    @Test
    void readsPickedSplitsFromTheZipWithIndicesOfTheWholeListing() throws Exception {
        Path out = tmp.resolve("test-split");
        BuildCommandTest.Run r = build(out, "--splits", "test", "--cap-splits", "test", "--augment", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("3589 image files in test");
        List<String> sources = Files.readAllLines(out.resolve("sources.csv"));
        // sorted listing: test/ comes first, so the first test image has index 0 of the whole zip
        assertThat(sources.get(1)).isEqualTo("0,test,angry,test/angry/PrivateTest_10131363.jpg");
        assertThat(sources).hasSize(3589 + 1);
        assertThat(out.resolve("train.csv")).doesNotExist();
        List<String> rows = Files.readAllLines(out.resolve("test.csv"));
        int dropped = Files.readAllLines(out.resolve("dropped.csv")).size() - 1;
        assertThat(rows.size() - 1 + dropped).isEqualTo(21);
        assertThat(rows.size() - 1).as("MediaPipe finds most FER2013 faces at the default upscale").isGreaterThan(15);
    }

    @Test
    void theSameBuildTwiceGivesByteIdenticalFilesWhateverTheThreads() throws Exception {
        Path a = tmp.resolve("run-a");
        Path b = tmp.resolve("run-b");
        String[] opts = {"--splits", "train", "--landmarks", "--seed", "7"};
        BuildCommandTest.Run ra = build(a, concat(opts, "--threads", "2"));
        BuildCommandTest.Run rb = build(b, concat(opts, "--threads", "1"));
        assertThat(ra.code()).as(ra.err()).isZero();
        assertThat(rb.code()).as(rb.err()).isZero();
        assertThat(ra.out()).contains("augmentation: 1 copies");
        for (String f : List.of("train.csv", "train-landmarks.csv", "dropped.csv", "sources.csv", "summary.md")) {
            assertThat(Files.mismatch(a.resolve(f), b.resolve(f))).as(f).isEqualTo(-1L);
        }
        List<String> rows = Files.readAllLines(a.resolve("train.csv"));
        assertThat(rows.stream().filter(l -> l.endsWith(",none"))).hasSizeGreaterThan(10);
        assertThat(rows.stream().filter(l -> l.matches(".*,(flip\\+)?rot[+-][0-9.]+$"))).hasSizeGreaterThan(10);
    }

    @Test
    void aZipWithoutImagesShowsTheExpectedLayout() throws Exception {
        Path empty = zip("empty.zip", "readme.txt");
        BuildCommandTest.Run r = BuildCommandTest.run("build", "--images", empty.toString(), "--out",
                tmp.resolve("o-empty").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("readme.txt").contains("<split>/<label>/<image>");
    }

    @Test
    void aZipOfUnreadableFilesIsAnErrorNotAnEmptyDataSet() throws Exception {
        Path bad = zip("bad.zip", "train/happy/a.jpg", "test/sad/b.jpg");
        Path out = tmp.resolve("o-bad");
        BuildCommandTest.Run r = BuildCommandTest.run("build", "--images", bad.toString(), "--out", out.toString(),
                "--models", BuildCommandTest.MODELS);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("none of the 2 images").contains("bad.zip").contains("<split>/<label>/<image>");
        assertThat(Files.readString(out.resolve("summary.md"))).contains("| unreadable (dropped) | 1 | 0 | 1 |")
                .contains("| unreadable (dropped) | 0 | 1 | 1 |").contains("| no face (dropped) | 0 | 0 | 0 |");
    }

    @Test
    void contactSheetOfTheImagesWithoutAFaceOneLinePerClass() throws Exception {
        Path out = tmp.resolve("sheet-build");
        assertThat(build(out, "--splits", "test", "--cap-splits", "test", "--augment", "0").code()).isZero();
        Path png = tmp.resolve("dropped.png");
        BuildCommandTest.Run r = BuildCommandTest.run("sheet", "--images", ZIP.toString(), "--dropped",
                out.resolve("dropped.csv").toString(), "--split", "test", "--per-class", "2", "--out", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        long dropped = Files.readAllLines(out.resolve("dropped.csv")).size() - 1;
        assertThat(r.out()).contains("wrote " + png + ": " + dropped + " images");
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(2 * Sheet.CELL);
        assertThat(img.getHeight()).isEqualTo(7 * (Sheet.CELL + Sheet.CAPTION));
    }

    @Test
    void progressInALogIsAFewLinesNotOnePerImage() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Progress p = new Progress(new java.io.PrintStream(bytes, true), "filter", 0, 1000, false);
        for (int i = 1; i <= 1000; i++) {
            p.update(i, false);
        }
        p.finish(1000);
        String[] lines = bytes.toString().split("\n");
        assertThat(lines).hasSize(10).allMatch(l -> l.startsWith("filter ") && !l.contains("\r"));
        assertThat(lines[9]).startsWith("filter 1000/1000");
    }

    @Test
    void aWrongSplitNameIsRefused() {
        BuildCommandTest.Run r = BuildCommandTest.run("build", "--images", ZIP.toString(), "--splits", "train,dev",
                "--out", tmp.resolve("o-split").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--splits dev").contains("train, validation or test");
    }

    private static Path zip(String name, String... entries) throws Exception {
        Path z = tmp.resolve(name);
        try (OutputStream f = Files.newOutputStream(z); ZipOutputStream out = new ZipOutputStream(f)) {
            for (String e : entries) {
                out.putNextEntry(new ZipEntry(e));
                out.write("not a picture".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return z;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
