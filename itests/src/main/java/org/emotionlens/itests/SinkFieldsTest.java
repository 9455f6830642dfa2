package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Pipeline;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file sink's fields on the demo video (facemesh demo.gif, the demo profile's pipeline): one pipeline writes
 * three files at once, every field as CSV and as JSON lines, and the default fields. The default file must be the
 * committed demo predictions (docs/compare/demo-video/demo/predictions.csv) byte for byte: the new fields change
 * nothing for those who do not ask for them. The all-fields files must hold real content for every face.
 */
class SinkFieldsTest {
    static final Path GIF = Containers.PROJECT.resolve("runtime/target/emotionlens/media/facemesh-demo.gif");
    static final Path COMMITTED = Containers.PROJECT.resolve("docs/compare/demo-video/demo/predictions.csv");
    static final String ALL = "track,box,probabilities,blendshapes,landmarks,pose";
    static final int W = 640;
    static final int H = 480;

    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void theDemoVideoWithEveryFieldAsCsvAndJsonLines() throws Exception {
        Path out = Files.createTempDirectory("sink-fields-itest");
        try (Containers c = new Containers(configAdmin)) {
            configAdmin.getConfiguration("emotion.models", "?").update(
                    Containers.props("dir", Containers.SHARED.resolve("models").toString()));
            c.configure("emotion.source.images", "fields", Map.of("path", GIF.toString()));
            c.classifier("lstm-paper");
            // like `compare`, which wrote the committed file: frames without faces get a line too
            c.configure("emotion.sink.file", "fields-default", Map.of("path", out.resolve("default.csv").toString(),
                    "empty.frames", true, "itest", "fields"));
            c.configure("emotion.sink.file", "fields-csv", Map.of("path", out.resolve("all.csv").toString(),
                    "fields", ALL, "itest", "fields"));
            c.configure("emotion.sink.file", "fields-jsonl", Map.of("path", out.resolve("all.jsonl").toString(),
                    "fields", ALL, "itest", "fields"));
            c.pipeline("demo", Map.of("source.target", "(emotion.source.type=images)",
                    "detector.target", "(emotion.detector.type=blazeface)",
                    "landmarker.target", "(emotion.landmarker.type=mediapipe)",
                    "features.target", "(&(emotion.features.kind=blendshapes)(!(emotion.features.provider=replay)))",
                    "classifier.target", "(emotion.model=lstm-paper)", "sinks.target", "(itest=fields)",
                    "max.faces", 2, "video", true));
            Map<String, Object> done = Containers.awaitPipeline("demo", 300_000, "finished", "failed");
            assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY))).isEqualTo("finished");
        } finally {
            configAdmin.getConfiguration("emotion.models", "?").delete();
        }

        assertThat(Files.readAllBytes(out.resolve("default.csv")))
                .as("default fields: the committed demo predictions, byte for byte").isEqualTo(Files.readAllBytes(COMMITTED));

        List<String> rows = Files.readAllLines(out.resolve("all.csv"));
        List<String> lines = Files.readAllLines(out.resolve("all.jsonl"));
        String[] header = rows.get(0).split(",", -1);
        int bs = List.of(header).indexOf("bs__neutral");
        int lm = List.of(header).indexOf("lm0_x");
        int pose = List.of(header).indexOf("pose_yaw");
        assertThat(List.of(bs, lm, pose)).containsExactly(16, 16 + 52, 16 + 52 + 478 * 3);
        assertThat(header).hasSize(pose + 3 + 16);
        assertThat(rows).hasSize(1 + 534); // the demo's 534 faces
        assertThat(lines).hasSize(534);
        double[] yawRange = {Double.MAX_VALUE, -Double.MAX_VALUE};
        Map<String, List<double[]>> tracks = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = rows.get(1 + i).split(",", -1);
            assertThat(cells).hasSize(header.length);
            JsonObject o;
            try (JsonReader r = Json.createReader(new StringReader(lines.get(i)))) {
                o = r.readObject();
            }
            String where = "face " + i + " (frame " + cells[2] + ", track " + cells[4] + ")";
            // same face, same frame, same track, same label in both files
            assertThat(o.getJsonNumber("frame").longValue()).as(where).isEqualTo(Long.parseLong(cells[2]));
            assertThat(o.getInt("face")).as(where).isEqualTo(Integer.parseInt(cells[4]));
            assertThat(o.getString("label")).as(where).isEqualTo(cells[12]);

            double sum = 0;
            JsonObject p = o.getJsonObject("probabilities");
            for (int k = 0; k < 3; k++) {
                double v = Double.parseDouble(cells[13 + k]);
                assertThat(p.getJsonNumber(header[13 + k].substring(2)).doubleValue()).as(where).isEqualTo(v);
                sum += v;
            }
            assertThat(sum).as(where + " probabilities sum").isCloseTo(1.0, within(1e-5));

            JsonObject scores = o.getJsonObject("blendshapes");
            assertThat(scores.keySet()).containsExactlyElementsOf(Blendshapes.NAMES);
            for (int k = 0; k < 52; k++) {
                double v = Double.parseDouble(cells[bs + k]);
                assertThat(v).as(where + " " + header[bs + k]).isBetween(0.0, 1.0);
                assertThat(scores.getJsonNumber(Blendshapes.NAMES.get(k)).doubleValue()).isEqualTo(v);
            }

            JsonArray points = o.getJsonArray("landmarks");
            assertThat(points).hasSize(478);
            double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE;
            for (int k = 0; k < 478; k++) {
                double x = Double.parseDouble(cells[lm + 3 * k]);
                double y = Double.parseDouble(cells[lm + 3 * k + 1]);
                double z = Double.parseDouble(cells[lm + 3 * k + 2]);
                // MediaPipe lets a point of a face cut by the frame's edge fall a little outside it
                assertThat(x).as(where + " lm" + k + "_x").isBetween(-0.05 * W, 1.05 * W);
                assertThat(y).as(where + " lm" + k + "_y").isBetween(-0.05 * H, 1.05 * H);
                assertThat(Math.abs(z)).as(where + " lm" + k + "_z").isLessThan(W / 2.0);
                JsonArray pt = points.getJsonArray(k);
                assertThat(pt.getJsonNumber(0).doubleValue()).isEqualTo(x);
                assertThat(pt.getJsonNumber(1).doubleValue()).isEqualTo(y);
                assertThat(pt.getJsonNumber(2).doubleValue()).isEqualTo(z);
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
            }
            assertThat(maxX - minX).as(where + " face width in pixels").isBetween(50.0, 400.0);

            double yaw = Double.parseDouble(cells[pose]);
            double pitch = Double.parseDouble(cells[pose + 1]);
            double roll = Double.parseDouble(cells[pose + 2]);
            // Plausible for two people facing the camera; single frames of a head turned far away reach a yaw of 86
            // and a pitch of 51 degrees, the long tracks stay within 38 / 16 / 20 (checked per track below).
            assertThat(Math.abs(pitch)).as(where + " pitch").isLessThan(60);
            assertThat(Math.abs(roll)).as(where + " roll").isLessThan(30);
            tracks.computeIfAbsent(cells[4], k -> new ArrayList<>()).add(new double[] {yaw, pitch, roll});
            if (Math.abs(yaw) < 30 && Math.abs(pitch) < 30) {
                // roll is the tilt of the eye line on the image (outer eye corners 33 and 263, y up): measured
                // 1.7 degrees apart at the median, 5.7 at worst
                double eyeLine = Math.toDegrees(Math.atan2(-(Double.parseDouble(cells[lm + 3 * 263 + 1])
                        - Double.parseDouble(cells[lm + 3 * 33 + 1])), Double.parseDouble(cells[lm + 3 * 263])
                        - Double.parseDouble(cells[lm + 3 * 33])));
                assertThat(roll).as(where + " roll against the eye line").isCloseTo(eyeLine, within(8.0));
            }
            yawRange[0] = Math.min(yawRange[0], yaw);
            yawRange[1] = Math.max(yawRange[1], yaw);
            JsonObject jp = o.getJsonObject("pose");
            assertThat(jp.getJsonNumber("yaw").doubleValue()).isEqualTo(yaw);
            assertThat(jp.getJsonNumber("pitch").doubleValue()).isEqualTo(pitch);
            assertThat(jp.getJsonNumber("roll").doubleValue()).isEqualTo(roll);
            double[][] m = new double[4][4];
            JsonArray rowsOfM = jp.getJsonArray("matrix");
            for (int r = 0; r < 4; r++) {
                for (int k = 0; k < 4; k++) {
                    m[r][k] = Double.parseDouble(cells[pose + 3 + 4 * r + k]);
                    assertThat(rowsOfM.getJsonArray(r).getJsonNumber(k).doubleValue()).isEqualTo(m[r][k]);
                }
            }
            assertThat(m[3]).containsExactly(0.0, 0.0, 0.0, 1.0);
            // rotation part: orthogonal columns of one length (the fit's scale), a proper rotation (det > 0)
            double scale = Math.sqrt(m[0][0] * m[0][0] + m[1][0] * m[1][0] + m[2][0] * m[2][0]);
            assertThat(scale).as(where + " scale").isBetween(0.5, 2.0);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    double dot = 0;
                    for (int r = 0; r < 3; r++) {
                        dot += m[r][a] * m[r][b];
                    }
                    assertThat(dot / (scale * scale)).as(where + " R^T R [" + a + "][" + b + "]")
                            .isCloseTo(a == b ? 1.0 : 0.0, within(1e-5));
                }
            }
            double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                    - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
            assertThat(det).as(where + " det").isPositive();
            // the face is in front of the camera (z towards the viewer: negative), tens of centimetres away
            assertThat(m[2][3]).as(where + " distance in cm").isBetween(-300.0, -10.0);
        }
        int longTracks = 0;
        for (Map.Entry<String, List<double[]>> t : tracks.entrySet()) {
            if (t.getValue().size() >= 30) {
                longTracks++;
                for (double[] a : t.getValue()) {
                    assertThat(Math.abs(a[0])).as("track " + t.getKey() + " yaw").isLessThan(45);
                    assertThat(Math.abs(a[1])).as("track " + t.getKey() + " pitch").isLessThan(30);
                    assertThat(Math.abs(a[2])).as("track " + t.getKey() + " roll").isLessThan(30);
                }
            }
        }
        assertThat(longTracks).as("tracks of 30 faces or more").isGreaterThanOrEqualTo(4);
        // the people turn their heads during the video: the yaw is not a constant
        assertThat(yawRange[1] - yawRange[0]).as("yaw range over the video").isGreaterThan(10);
        System.out.printf("SINK FIELDS demo video: 534 faces, yaw %.1f..%.1f degrees%n", yawRange[0], yawRange[1]);
    }
}
