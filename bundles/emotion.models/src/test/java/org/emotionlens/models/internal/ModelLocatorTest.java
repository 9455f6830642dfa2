package org.emotionlens.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.emotionlens.models.ModelException;
import org.emotionlens.models.ModelFile;
import org.emotionlens.models.ModelLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {
    static final Path SHARED_MODELS = Path.of(System.getProperty("emotionlens.shared", "../../../shared"), "models");

    @TempDir
    Path tmp;

    @Test
    void findsTheMirrorAndReadsTaskEntries() {
        ModelLocator locator = ModelLocator.of(SHARED_MODELS);
        assertThat(locator.require(ModelFile.FACE_LANDMARKER)).isRegularFile();
        byte[] detector = locator.taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.FACE_DETECTOR_ENTRY);
        // TFLite flatbuffers carry the file identifier "TFL3" at offset 4.
        assertThat(new String(detector, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("TFL3");
    }

    @Test
    void missingFileSaysWhereToGetIt() {
        assertThatThrownBy(() -> ModelLocator.of(tmp).require(ModelFile.FACE_LANDMARKER))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("face_landmarker.task")
                .hasMessageContaining(ModelFile.FACE_LANDMARKER.sha256())
                .hasMessageContaining("float16/1/face_landmarker.task")
                .hasMessageContaining("models fetch");
    }

    @Test
    void wrongChecksumNamesFileAndBothSums() throws IOException {
        Path bad = tmp.resolve("face_landmarker.task");
        Files.write(bad, "not the model".getBytes(StandardCharsets.UTF_8));
        String actual = DirectoryModelLocator.sha256Of(bad);
        assertThatThrownBy(() -> ModelLocator.of(tmp).require(ModelFile.FACE_LANDMARKER))
                .hasMessageContaining(bad.toString())
                .hasMessageContaining(actual)
                .hasMessageContaining("64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff");
    }

    @Test
    void corruptTaskAndMissingEntryAreNamed() throws IOException {
        Path notZip = tmp.resolve("x.task");
        Files.write(notZip, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> DirectoryModelLocator.readEntry(notZip, "face_detector.tflite"))
                .isInstanceOf(ModelException.class).hasMessageContaining(notZip.toString()).hasMessageContaining("zip");
        Path zip = tmp.resolve("y.task");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("other.tflite"));
            z.write(1);
        }
        assertThatThrownBy(() -> DirectoryModelLocator.readEntry(zip, "face_detector.tflite"))
                .hasMessageContaining(zip.toString()).hasMessageContaining("face_detector.tflite")
                .hasMessageContaining("other.tflite");
    }

    @Test
    void fetchCopiesFromAFileUrlAndVerifies() throws Exception {
        Path dir = tmp.resolve("models");
        Path got = ModelFetcher.fetch(ModelFile.FACE_LANDMARKER,
                SHARED_MODELS.resolve("face_landmarker.task").toUri(), dir);
        assertThat(DirectoryModelLocator.sha256Of(got)).isEqualTo(ModelFile.FACE_LANDMARKER.sha256());
        assertThat(ModelLocator.of(dir).require(ModelFile.FACE_LANDMARKER)).isEqualTo(got);
    }

    @Test
    void fetchRefusesAFileWithTheWrongChecksum() throws IOException {
        Path wrong = tmp.resolve("wrong.task");
        Files.write(wrong, new byte[100]);
        Path dir = tmp.resolve("models");
        assertThatThrownBy(() -> ModelFetcher.fetch(ModelFile.FACE_LANDMARKER, wrong.toUri(), dir))
                .hasMessageContaining("must have sha256");
        assertThat(dir.resolve("face_landmarker.task")).doesNotExist();
    }

    @Test
    void commandVerifiesThenFetchesFromTheMirrorDirectory() {
        Path dir = tmp.resolve("m");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ModelsCommand.run(new String[] {"models", "verify", "--dir", dir.toString()},
                new PrintStream(out, true), new PrintStream(err, true));
        assertThat(rc).isEqualTo(1);
        assertThat(out.toString()).contains("MISSING").contains("face_landmarker.task").contains("models fetch");

        out.reset();
        rc = ModelsCommand.run(new String[] {"fetch", "--dir", dir.toString(), "--from", SHARED_MODELS.toUri().toString()},
                new PrintStream(out, true), new PrintStream(err, true));
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).contains("fetched").contains("all required models present");
        assertThat(dir.resolve("face_landmarker.task")).isRegularFile();
    }

    @Test
    void manifestErrorsNameTheLine() {
        assertThatThrownBy(() -> Manifest.parse("{\"models\": [\n{\"name\": }]}", "m.json"))
                .hasMessageContaining("m.json line 2");
        assertThatThrownBy(() -> Manifest.parse("{\"models\": [{\"name\": \"a\"}]}", "m.json"))
                .hasMessageContaining("source.kind");
    }
}
