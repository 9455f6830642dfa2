package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.emotionlens.runtime.LauncherTest.HOME;
import static org.emotionlens.runtime.LauncherTest.SHARED;
import static org.emotionlens.runtime.LauncherTest.launch;
import static org.emotionlens.runtime.LauncherTest.project;

import org.emotionlens.runtime.LauncherTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * {@code dataset build} runs inside the container (the command service binding the stage services) and writes
 * exactly what the hand-wired build wrote before: the sha256 of every data file of a small FER2013 build are those
 * recorded from it (dataset-subset.sha256).
 */
class DatasetCommandTest {
    static final Path ZIP = SHARED.resolve("data/fer2013/fer2013-images.zip");

    /** The first 6 images of each class of train/ and test/ in the shared zip, and one file that is no image. */
    static Path subset(Path dir) throws IOException {
        Path zip = dir.resolve("subset.zip");
        Map<String, Integer> taken = new HashMap<>();
        try (ZipFile in = new ZipFile(ZIP.toFile()); OutputStream file = Files.newOutputStream(zip);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                String[] parts = e.getName().split("/");
                if (parts.length != 3 || !List.of("train", "test").contains(parts[0])
                        || taken.merge(parts[0] + "/" + parts[1], 1, Integer::sum) > 6) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream s = in.getInputStream(e)) {
                    s.transferTo(out);
                }
            }
            out.putNextEntry(new ZipEntry("train/happy/zz-broken.jpg"));
            out.write("not a jpeg".getBytes(StandardCharsets.US_ASCII));
        }
        return zip;
    }

    @Test
    void theBuildInTheContainerWritesWhatTheHandWiredBuildWrote(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Run r = launch(HOME, "dataset", "build", "--images", subset(tmp).toString(), "--landmarks", "--caps",
                "happy=4,sad=5,angry=3", "--out", out.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("read " + tmp.resolve("subset.zip") + ": 85 image files").contains("wrote " + out);
        assertThat(r.err()).contains("filter 78/78").contains("augment 29/29");
        List<String> expected = Files.readAllLines(Path.of(getClass().getResource("/dataset-subset.sha256").toURI()));
        int compared = 0;
        for (String line : expected) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] hashAndFile = line.split("  ", 2);
            assertThat(sha256(out.resolve(hashAndFile[1]))).as(hashAndFile[1]).isEqualTo(hashAndFile[0]);
            compared++;
        }
        assertThat(compared).isEqualTo(11);
        assertThat(r.all()).doesNotContain("\tat ");
    }

    @Test
    void aMissingInputExitsWithTwoNamingIt(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("no-such.zip");
        Run r = launch(HOME, "dataset", "build", "--images", missing.toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains(missing + ": no such folder or zip file");
    }

    @Test
    void aStageTargetMatchingNothingExitsWithTwoNamingTheSetting(@TempDir Path tmp) throws Exception {
        Path project = project(tmp.resolve("project"));
        Files.createDirectories(project.resolve("configs/commands"));
        String profile = Files.readString(HOME.resolve("configs/commands/dataset.json"))
                .replace("(emotion.detector.type=blazeface)", "(emotion.detector.type=haar)");
        Files.writeString(project.resolve("configs/commands/dataset.json"), profile);
        Run r = launch(project, "dataset", "build", "--images", subset(tmp).toString(), "--out",
                tmp.resolve("o").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("detector.target (emotion.detector.type=haar)").contains("dataset.json");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
