package org.emotionlens.sink.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Box;
import org.emotionlens.api.Emotions;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.HeadPose;
import org.emotionlens.api.Image;
import org.emotionlens.api.Prediction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Every field on real faces: Google's own MediaPipe results (landmarks, blendshapes, facial transformation matrices)
 * for 13 real photos and demo-video frames, the landmarker's parity fixture geometry-image-mode.json. The CSV and
 * JSON lines written for them are read back (JSON with Parsson) and must hold exactly those values, in pixels where
 * the format says so, and agree with each other.
 */
class AllFieldsTest {
    static final Path FIXTURE = Path.of("../emotion.landmarker/src/test/resources/parity/geometry-image-mode.json");

    @TempDir
    Path tmp;

    static List<FrameResult> results() throws Exception {
        JsonObject root;
        try (JsonReader r = Json.createReader(Files.newBufferedReader(FIXTURE))) {
            root = r.readObject();
        }
        List<FrameResult> out = new ArrayList<>();
        int index = 0;
        for (JsonObject item : root.getJsonArray("items").getValuesAs(JsonObject.class)) {
            int w = item.getInt("width");
            int h = item.getInt("height");
            Image image = new Image(w, h, new byte[w * h * 3]); // the sink measures, it never looks at pixels
            List<FaceResult> faces = new ArrayList<>();
            int id = 0;
            for (JsonObject f : item.getJsonArray("faces").getValuesAs(JsonObject.class)) {
                float[] lm = new float[478 * 3];
                JsonArray pts = f.getJsonArray("landmarks");
                for (int i = 0; i < 478; i++) {
                    for (int c = 0; c < 3; c++) {
                        lm[3 * i + c] = (float) pts.getJsonArray(i).getJsonNumber(c).doubleValue();
                    }
                }
                float[] bs = new float[52];
                for (int k = 0; k < 52; k++) {
                    bs[k] = (float) f.getJsonArray("blendshapes").getJsonNumber(k).doubleValue();
                }
                float[] m = new float[16];
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 4; c++) { // column-major in the fixture
                        m[4 * r + c] = (float) f.getJsonArray("matrix").getJsonNumber(4 * c + r).doubleValue();
                    }
                }
                float smile = (bs[44] + bs[45]) / 2;
                Prediction p = new Prediction("test-model", Emotions.LABELS, new float[] {smile, 1 - smile, 0f});
                Face face = new Face(id++, new Box(lm[0], lm[1], 0.1f, 0.1f), 1f, lm, bs, Map.of(), m);
                faces.add(new FaceResult(face, null, p));
            }
            out.add(new FrameResult("geometry", new Frame(item.getString("image"), index, index * 20_000L, image, null),
                    faces, Map.of()));
            index++;
        }
        return out;
    }

    @Test
    void csvAndJsonLinesHoldEveryFieldAndAgree() throws Exception {
        List<FrameResult> results = results();
        Path csv = tmp.resolve("all.csv");
        Path jsonl = tmp.resolve("all.jsonl");
        FilePredictionSink c = new FilePredictionSink(csv, "", EnumSet.allOf(Field.class), false);
        FilePredictionSink j = new FilePredictionSink(jsonl, "", EnumSet.allOf(Field.class), false);
        results.forEach(c::accept);
        results.forEach(j::accept);
        c.close();
        j.close();

        List<String> rows = Files.readAllLines(csv);
        List<String> lines = Files.readAllLines(jsonl);
        String[] header = rows.get(0).split(",", -1);
        assertThat(header).hasSize(13 + 3 + 52 + 478 * 3 + 3 + 16);
        assertThat(header[16]).isEqualTo("bs__neutral");
        assertThat(header[16 + 52]).isEqualTo("lm0_x");
        assertThat(header[16 + 52 + 478 * 3 - 1]).isEqualTo("lm477_z");
        assertThat(List.of(header).subList(header.length - 17, header.length - 13))
                .containsExactly("pose_roll", "m00", "m01", "m02");
        assertThat(header[header.length - 1]).isEqualTo("m33");
        assertThat(rows).hasSize(22); // header + 21 faces
        assertThat(lines).hasSize(21);

        int row = 0;
        for (FrameResult r : results) {
            int w = r.frame().image().width();
            int h = r.frame().image().height();
            for (FaceResult fr : r.faces()) {
                Face face = fr.face();
                String[] cells = rows.get(1 + row).split(",", -1);
                assertThat(cells).hasSize(header.length);
                JsonObject o;
                try (JsonReader reader = Json.createReader(new StringReader(lines.get(row)))) {
                    o = reader.readObject();
                }
                assertThat(o.getString("source")).isEqualTo(cells[1]).isEqualTo(r.frame().sourceId());
                assertThat(o.getInt("face")).isEqualTo(Integer.parseInt(cells[4])).isEqualTo(face.trackId());
                JsonObject probabilities = o.getJsonObject("probabilities");
                for (int k = 0; k < 3; k++) {
                    float p = fr.prediction().probabilities()[k];
                    assertThat(Float.parseFloat(cells[13 + k])).isEqualTo(p);
                    assertThat((float) probabilities.getJsonNumber(Emotions.LABELS.get(k)).doubleValue()).isEqualTo(p);
                }
                JsonObject bs = o.getJsonObject("blendshapes");
                for (int k = 0; k < 52; k++) {
                    float v = face.blendshapes()[k];
                    assertThat(Float.parseFloat(cells[16 + k])).isEqualTo(v);
                    assertThat((float) bs.getJsonNumber(Blendshapes.NAMES.get(k)).doubleValue()).isEqualTo(v);
                }
                JsonArray lm = o.getJsonArray("landmarks");
                assertThat(lm).hasSize(478);
                for (int i = 0; i < 478; i++) {
                    float[] px = {face.landmarks()[3 * i] * w, face.landmarks()[3 * i + 1] * h,
                        face.landmarks()[3 * i + 2] * w};
                    for (int k = 0; k < 3; k++) {
                        assertThat(Float.parseFloat(cells[16 + 52 + 3 * i + k])).isEqualTo(px[k]);
                        assertThat((float) lm.getJsonArray(i).getJsonNumber(k).doubleValue()).isEqualTo(px[k]);
                    }
                }
                HeadPose pose = face.headPose();
                JsonObject jp = o.getJsonObject("pose");
                int at = 16 + 52 + 478 * 3;
                assertThat(Double.parseDouble(cells[at])).isCloseTo(pose.yaw(), within(1e-4));
                assertThat(Double.parseDouble(cells[at + 1])).isCloseTo(pose.pitch(), within(1e-4));
                assertThat(Double.parseDouble(cells[at + 2])).isCloseTo(pose.roll(), within(1e-4));
                assertThat(jp.getJsonNumber("yaw").doubleValue()).isEqualTo(Double.parseDouble(cells[at]));
                assertThat(jp.getJsonNumber("roll").doubleValue()).isEqualTo(Double.parseDouble(cells[at + 2]));
                JsonArray matrix = jp.getJsonArray("matrix");
                for (int k = 0; k < 16; k++) {
                    float v = face.transform()[k];
                    assertThat(Float.parseFloat(cells[at + 3 + k])).isEqualTo(v);
                    assertThat((float) matrix.getJsonArray(k / 4).getJsonNumber(k % 4).doubleValue()).isEqualTo(v);
                }
                row++;
            }
        }
    }

    @Test
    void facesWithoutThemLeaveTheCellsEmptyAndTheMembersOut() throws Exception {
        Image image = new Image(4, 2, new byte[24]);
        Face bare = new Face(3, null, 1f, null, null, null);
        FrameResult r = new FrameResult("p", new Frame("s", 0, 0, image, null),
                List.of(new FaceResult(bare, null, null)), Map.of());
        Path csv = tmp.resolve("bare.csv");
        Path jsonl = tmp.resolve("bare.jsonl");
        FilePredictionSink c = new FilePredictionSink(csv, "", EnumSet.allOf(Field.class), false);
        FilePredictionSink j = new FilePredictionSink(jsonl, "", EnumSet.allOf(Field.class), false);
        c.accept(r);
        j.accept(r);
        c.close();
        j.close();
        String[] cells = Files.readAllLines(csv).get(1).split(",", -1);
        assertThat(cells).hasSize(13 + 3 + 52 + 478 * 3 + 3 + 16);
        assertThat(List.of(cells).subList(5, cells.length)).allMatch(String::isEmpty);
        assertThat(Files.readAllLines(jsonl)).containsExactly(
                "{\"pipeline\":\"p\",\"source\":\"s\",\"frame\":0,\"timestamp_us\":0,\"face\":3}");
    }
}
