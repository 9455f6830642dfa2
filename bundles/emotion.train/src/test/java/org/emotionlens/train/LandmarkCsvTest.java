package org.emotionlens.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.emotionlens.api.Blendshapes;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.models.metadata.ModelMetadata;
import org.emotionlens.train.internal.OnnxModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Landmark-feature CSVs (the dataset pipeline's {@code <split>-landmarks.csv}) are read generically and give models
 * whose metadata says featureKind landmarks. The fixture is 12 real rows of that file built from the FER2013
 * fixture of emotion.dataset (6 happy, 6 neutral faces; MediaPipe's 478 landmarks in the face frame).
 */
class LandmarkCsvTest {
    @TempDir
    Path dir;

    static Path fixture() throws Exception {
        return Path.of(LandmarkCsvTest.class.getResource("/landmarks-fixture.csv").toURI());
    }

    @Test
    void landmarkHeaderCsvIsReadByNameAndTrainsALandmarksModel() throws Exception {
        Path csv = fixture();
        List<String> header = Arrays.asList(Files.readAllLines(csv).get(0).split(","));
        List<String> expectedNames = new ArrayList<>(header);
        expectedNames.removeAll(List.of("label", "source_index", "augmentation"));

        Dataset d = CsvData.read(csv, 0, CsvData.OnBadRow.FAIL, null);
        assertThat(d.featureNames).hasSize(1434).isEqualTo(expectedNames);
        assertThat(d.featureNames.get(0)).isEqualTo("lm0.x");
        assertThat(d.featureNames.get(1433)).isEqualTo("lm477.z");
        assertThat(d.size()).isEqualTo(12);
        assertThat(d.classCounts()).containsExactly(6, 6, 0);
        // values come from their named column: row 1, column lm0.x of the file
        assertThat(d.x[0][0]).isEqualTo(Double.parseDouble(Files.readAllLines(csv).get(1).split(",")[0]));
        assertThat(CsvData.featureKind(d.featureNames)).isEqualTo("landmarks");
        assertThat(CsvData.featureKind(Blendshapes.NAMES)).isEqualTo("blendshapes");
        List<String> sideBySide = new ArrayList<>(Blendshapes.NAMES); // the order emotion.features.concat joins them in
        sideBySide.addAll(d.featureNames);
        assertThat(CsvData.featureKind(sideBySide)).isEqualTo("blendshapes+landmarks");

        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = TrainCommand.run(new String[] {"--train", csv.toString(), "--model", "dense", "--id", "lm-test", "--epochs", "5",
                "--holdout", "0.34", "--class-weights", "balanced", "--quiet", "--out", dir.resolve("models").toString(),
                "--work", dir.resolve("work").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
        Path json = dir.resolve("models/lm-test.model.json");
        ModelMetadata meta = OnnxModel.readMetadata(json);
        assertThat(meta.featureKind()).isEqualTo("landmarks");
        assertThat(meta.features()).isEqualTo(expectedNames);

        // the exported ONNX model opens and evaluates the same file through ONNX Runtime
        out.reset();
        rc = EvaluateCommand.run(new String[] {"--model", json.toString(), "--data", csv.toString(), "--out", dir.resolve("eval").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("accuracy");
    }
}
