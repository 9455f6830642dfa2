package org.emotionlens.sink.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Box;
import org.emotionlens.api.Emotions;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** The prediction file sink on real rows: the paper's test blendshapes with made-up but valid predictions. */
class FilePredictionSinkTest {
    static final Path TEST = Path.of(System.getProperty("emotionlens.shared", "../../../shared"))
            .resolve("data/fer2013-blendshapes/blends_test_full_set.csv");

    @TempDir
    Path tmp;

    /** One frame per test row, one face with its scores and truth, and a prediction that sums to one. */
    static List<FrameResult> results(int n, boolean withFaces) throws Exception {
        List<String> lines = Files.readAllLines(TEST).subList(0, n);
        List<FrameResult> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] c = lines.get(i).split(",");
            float[] scores = new float[Blendshapes.COUNT];
            for (int k = 0; k < scores.length; k++) {
                scores[k] = Float.parseFloat(c[k]);
            }
            Face face = new Face(0, new Box(10, 20, 30.5f, 40.25f), 1f, null, scores, Map.of(Face.TRUTH,
                    Emotions.LABELS.get((int) Double.parseDouble(c[Blendshapes.COUNT])), Face.SOURCE_INDEX,
                    Integer.toString(i)));
            float p0 = scores[44]; // mouthSmileLeft, as a stand-in probability
            Prediction p = new Prediction("test-model", Emotions.LABELS, new float[] {p0, 1 - p0, 0f});
            Frame frame = new Frame("blends_test_full_set.csv", i, i * 33_333L, null, List.of(face));
            out.add(new FrameResult("csv", frame, withFaces ? List.of(new FaceResult(face,
                    new FeatureVector("blendshapes", Blendshapes.NAMES, scores), p)) : List.of(), Map.of()));
        }
        return out;
    }

    @Test
    void csvHasAHeaderAndOneLinePerFace() throws Exception {
        Path file = tmp.resolve("out/predictions.csv");
        FilePredictionSink sink = new FilePredictionSink(file, "", Field.DEFAULT, false);
        List<FrameResult> results = results(100, true);
        results.forEach(sink::accept);
        sink.flush();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(101);
        assertThat(lines.get(0)).isEqualTo("pipeline,source,frame,timestamp_us,face,box_x,box_y,box_w,box_h,truth,"
                + "source_index,model,label,p_happy,p_unknown,p_sad");
        String[] first = lines.get(1).split(",");
        Prediction p = results.get(0).faces().get(0).prediction();
        assertThat(first).containsExactly("csv", "blends_test_full_set.csv", "0", "0", "0", "10.0", "20.0", "30.5",
                "40.25", results.get(0).faces().get(0).face().attributes().get(Face.TRUTH), "0", "test-model",
                p.label(), Float.toString(p.probabilities()[0]), Float.toString(p.probabilities()[1]), "0.0");
        assertThat(sink.lines()).isEqualTo(100);
        sink.close();
    }

    @Test
    void blendshapeColumnsAndJsonLines() throws Exception {
        Path csv = tmp.resolve("b.csv");
        FilePredictionSink withScores = new FilePredictionSink(csv, "csv", Field.parse("", true), false);
        List<FrameResult> results = results(5, true);
        results.forEach(withScores::accept);
        withScores.close();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0).split(",")).hasSize(16 + Blendshapes.COUNT).endsWith("bs_noseSneerRight");
        assertThat(lines.get(1).split(",")[16]).isEqualTo(Float.toString(results.get(0).faces().get(0).face()
                .blendshapes()[0]));

        Path jsonl = tmp.resolve("p.jsonl");
        FilePredictionSink json = new FilePredictionSink(jsonl, "", Field.DEFAULT, false);
        results.forEach(json::accept);
        json.close();
        List<String> rows = Files.readAllLines(jsonl);
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).startsWith("{\"pipeline\":\"csv\",\"source\":\"blends_test_full_set.csv\",\"frame\":0,")
                .contains("\"box\":[10.0,20.0,30.5,40.25]").contains("\"model\":\"test-model\"")
                .contains("\"probabilities\":{\"happy\":").endsWith("}");
    }

    @Test
    void unknownFieldsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Field.parse("box,headpose", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fields").hasMessageContaining("'headpose'")
                .hasMessageContaining("track,box,probabilities,blendshapes,landmarks,pose");
        assertThat(Field.parse(" Pose , landmarks,", false)).containsExactlyInAnyOrder(Field.POSE, Field.LANDMARKS);
        assertThat(Field.parse("", false)).isEqualTo(Field.DEFAULT);
    }

    @Test
    void framesWithoutFacesAreWrittenOnlyWhenAsked() throws Exception {
        Path kept = tmp.resolve("kept.csv");
        FilePredictionSink sink = new FilePredictionSink(kept, "", Field.DEFAULT, true);
        results(3, false).forEach(sink::accept);
        sink.close();
        assertThat(Files.readAllLines(kept)).hasSize(4);
        assertThat(Files.readAllLines(kept).get(1)).startsWith("csv,blends_test_full_set.csv,0,0,,,,,,,,,,");

        Path dropped = tmp.resolve("dropped.csv");
        FilePredictionSink quiet = new FilePredictionSink(dropped, "", Field.DEFAULT, false);
        results(3, false).forEach(quiet::accept);
        quiet.close();
        assertThat(dropped).exists().isEmptyFile(); // frames came: the run's (empty) output
    }

    @Test
    void activationLeavesAnEarlierFileAloneUntilTheFirstResult() throws Exception {
        Path file = Files.writeString(tmp.resolve("predictions.csv"), "an earlier run's predictions\n");
        FilePredictionSink sink = new FilePredictionSink(file, "", Field.DEFAULT, false);
        sink.flush();
        assertThat(file).hasContent("an earlier run's predictions");
        sink.close(); // a run that never started: nothing was written
        assertThat(file).hasContent("an earlier run's predictions");

        FilePredictionSink second = new FilePredictionSink(file, "", Field.DEFAULT, false);
        results(1, true).forEach(second::accept);
        second.close();
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedAtActivation() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "in the way");
        assertThatThrownBy(() -> new FilePredictionSink(file.resolve("sub/predictions.csv"), "", Field.DEFAULT, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot write predictions to " + file.resolve("sub/predictions.csv"))
                .hasMessageContaining("--output");
        Path dir = Files.createDirectories(tmp.resolve("a-folder"));
        assertThatThrownBy(() -> new FilePredictionSink(dir, "", Field.DEFAULT, false)).hasMessageContaining("it is a folder");
        assertThatThrownBy(() -> new FilePredictionSink(tmp.resolve("x.csv"), "xml", Field.DEFAULT, false))
                .hasMessageContaining("csv or jsonl");
    }

    @Test
    void jsonLinesStayValidJsonForNonFiniteNumbersAndAwkwardText() throws Exception {
        FaceResult real = results(1, true).get(0).faces().get(0);
        Prediction odd = new Prediction("test-model", Emotions.LABELS, new float[] {Float.NaN, Float.POSITIVE_INFINITY,
                1.5e-5f});
        String source = "clip \"a\"\n<b>\\c.mp4";
        FrameResult r = new FrameResult("csv", new Frame(source, 7, 42L, null, List.of(real.face())),
                List.of(new FaceResult(real.face(), real.features(), odd)), Map.of());
        Path jsonl = tmp.resolve("odd.jsonl");
        FilePredictionSink sink = new FilePredictionSink(jsonl, "", EnumSet.allOf(Field.class), false);
        sink.accept(r);
        sink.close();
        List<String> lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(1);
        JsonObject line;
        try (JsonReader reader = Json.createReader(new StringReader(lines.get(0)))) {
            line = reader.readObject();
        }
        assertThat(line.getString("source")).isEqualTo(source);
        JsonObject p = line.getJsonObject("probabilities");
        assertThat(p.isNull("happy")).isTrue();
        assertThat(p.isNull("unknown")).isTrue();
        // a float's shortest decimal, in plain notation from 1e-6 up: the same float as the CSV's 1.5E-5
        assertThat(lines.get(0)).contains("\"sad\":0.000015}");
        assertThat(p.getJsonNumber("sad").bigDecimalValue().floatValue()).isEqualTo(1.5e-5f);
    }

    @Test
    void itIsNamedRelativeToTheWorkingFolder() {
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(FilePredictionSink.shown(cwd.resolve("out/demo/predictions.csv")))
                .isEqualTo(Path.of("out/demo/predictions.csv").toString());
        assertThat(FilePredictionSink.shown(tmp.resolve("p.csv"))).isEqualTo(tmp.resolve("p.csv").toString());
    }
}
