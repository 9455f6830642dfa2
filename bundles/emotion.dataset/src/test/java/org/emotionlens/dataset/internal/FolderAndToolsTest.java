package org.emotionlens.dataset.internal;

import org.emotionlens.api.image.ImageConversion;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Image;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image-folder input, the selection report on the paper's real validation file, the contact sheet, and the augmentations. */
class FolderAndToolsTest {
    static final Path SHARED = Path.of(System.getProperty("emotionlens.shared", "../../../shared"));

    @TempDir
    Path tmp;

    static BuildCommandTest.Run run(String... args) {
        return BuildCommandTest.run(args);
    }

    /** The fixture's rows as PNG files in {@code <split>/<FER class>/<row>.png}, plus a file that is not an image. */
    Path folderOfFixtureImages(int rows) throws Exception {
        Path root = tmp.resolve("images");
        List<Sample> samples = FerCsv.read(BuildCommandTest.FIXTURE, i -> i < rows, new PrintStream(new ByteArrayOutputStream())).samples();
        for (Sample s : samples) {
            Path dir = root.resolve(s.split()).resolve(s.className());
            Files.createDirectories(dir);
            ImageIO.write(ImageConversion.toBufferedImage(Pixels.greyToRgb(s.grey48(), 48, 48)), "png",
                    dir.resolve(String.format("row%03d.png", s.sourceIndex())).toFile());
        }
        Files.writeString(root.resolve("train/happy/broken.png"), "not a picture");
        return root;
    }

    @Test
    void buildsFromAFolderOfImagesAndReportsUnreadableOnes() throws Exception {
        Path root = folderOfFixtureImages(25);
        Path out = tmp.resolve("out");
        BuildCommandTest.Run r = run("build", "--images", root.toString(), "--out", out.toString(), "--models",
                BuildCommandTest.MODELS, "--augment", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("skipped unreadable image").contains("broken.png");
        assertThat(r.out()).contains("1 unreadable images skipped");
        List<String> sources = Files.readAllLines(out.resolve("sources.csv"));
        assertThat(sources).hasSize(26 + 1);
        assertThat(Files.readString(out.resolve("dropped.csv"))).contains("broken.png");
        int written = 0;
        for (String split : Fer.SPLITS) {
            if (Files.isRegularFile(out.resolve(split + ".csv"))) {
                Dataset d = CsvData.read(out.resolve(split + ".csv"), 0, CsvData.OnBadRow.FAIL, System.err);
                written += d.size();
            }
        }
        int dropped = Files.readAllLines(out.resolve("dropped.csv")).size() - 1;
        assertThat(written + dropped).isEqualTo(26);
        assertThat(written).isPositive();
    }

    @Test
    void aLabelFolderNeedsTheSplitOption() throws Exception {
        Path root = tmp.resolve("flat");
        Files.createDirectories(root.resolve("happy"));
        Files.writeString(root.resolve("happy/a.png"), "x");
        BuildCommandTest.Run r = run("build", "--images", root.toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("happy/a.png").contains("not at the expected depth").contains("--split");
        // with --split the same folder is read as <label>/<file>; its only file is no image: zero usable input
        Path out = tmp.resolve("o2");
        BuildCommandTest.Run withSplit = run("build", "--images", root.toString(), "--split", "train", "--out",
                out.toString(), "--models", BuildCommandTest.MODELS);
        assertThat(withSplit.code()).as(withSplit.err()).isEqualTo(1);
        assertThat(withSplit.err()).contains("none of the 1 images").contains("<label>/<image> with --split");
        assertThat(Files.readAllLines(out.resolve("sources.csv"))).containsExactly("source_index,split,class,file",
                "0,train,happy,happy/a.png");
        assertThat(Files.readString(out.resolve("dropped.csv"))).contains("0,train,happy,0,none,").contains("a.png");
        assertThat(Files.readAllLines(out.resolve("train.csv"))).hasSize(1); // header only: every image dropped
        assertThat(out.resolve("validation.csv")).doesNotExist(); // no input for it
        assertThat(out.resolve("report")).doesNotExist(); // nothing to select on
    }

    @Test
    void selectionReportOnThePapersValidationFile() throws Exception {
        Path csv = SHARED.resolve("data/fer2013-blendshapes/blends_val_full_set.csv");
        Path out = tmp.resolve("report");
        BuildCommandTest.Run r = run("report", "--csv", csv.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // the rule computed here independently from the raw file
        int[] above = new int[52];
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines) {
            String[] f = line.split(",");
            for (int k = 0; k < 52; k++) {
                if (Double.parseDouble(f[k]) > 0.4) {
                    above[k]++;
                }
            }
        }
        int kept = 0;
        for (int a : above) {
            kept += a > 100 ? 1 : 0;
        }
        assertThat(r.out()).contains(lines.size() + " rows").contains(": " + kept + " of 52 blendshapes kept");
        List<String> sel = Files.readAllLines(out.resolve("selection.csv"));
        assertThat(sel).hasSize(53);
        assertThat(sel.get(1)).startsWith("0," + Blendshapes.NAMES.get(0) + "," + above[0] + ",");
        BufferedImage fig5 = ImageIO.read(out.resolve("figure5-scatter.png").toFile());
        assertThat(fig5.getWidth()).isGreaterThan(1000);
        assertThat(ImageIO.read(out.resolve("figure2-row0.png").toFile())).isNotNull();
    }

    @Test
    void contactSheetOfChosenRowsWithPredictions() throws Exception {
        Path pred = tmp.resolve("pred.csv");
        Files.writeString(pred, "source_index,prediction\n0,happy\n5,2\n");
        Path png = tmp.resolve("sheet.png");
        BuildCommandTest.Run r = run("sheet", "--fer", BuildCommandTest.FIXTURE.toString(), "--rows", "0,5,77",
                "--predictions", pred.toString(), "--out", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(3 * Sheet.CELL);
        // the source image is drawn: the cell is not blank
        assertThat(img.getRGB(Sheet.CELL / 2, Sheet.CELL / 2)).isNotEqualTo(0xffffffff);
        BuildCommandTest.Run missing = run("sheet", "--fer", BuildCommandTest.FIXTURE.toString(), "--rows", "0,80",
                "--out", tmp.resolve("s2.png").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains(":82: skipped").doesNotContain(":81:").contains("row 80 is not a good data row");
    }

    @Test
    void flipAndRotationMoveThePixelsTheRightWay() {
        byte[] grey = new byte[48 * 48];
        grey[10 * 48 + 5] = (byte) 255; // one bright pixel at x=5, y=10
        Image img = Pixels.greyToRgb(grey, 48, 48);
        Image flipped = Pixels.flip(img);
        assertThat(flipped.rgb()[(10 * 48 + 42) * 3] & 0xff).isEqualTo(255);
        assertThat(Pixels.flip(flipped).rgb()).isEqualTo(img.rgb());
        assertThat(Pixels.rotate(img, 0).rgb()).isEqualTo(img.rgb());
        // +90 degrees counter-clockwise on screen: (x, y) -> (y, 47 - x) about the centre 23.5
        Image r90 = Pixels.rotate(img, 90);
        assertThat(r90.rgb()[((47 - 5) * 48 + 10) * 3] & 0xff).isEqualTo(255);
    }
}
