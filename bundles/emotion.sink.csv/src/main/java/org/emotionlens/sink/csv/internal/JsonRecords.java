package org.emotionlens.sink.csv.internal;

import static org.emotionlens.sink.csv.internal.CsvRecords.num;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.HeadPose;
import org.emotionlens.api.Prediction;
import org.emotionlens.sink.csv.json.Json;

import java.util.List;
import java.util.Set;

/**
 * JSON lines: one object per face with pipeline, source, frame, timestamp_us, [face], [box], the face's attributes,
 * model, label, [probabilities {label: p}], [blendshapes {name: score}], [landmarks [[x, y, z] in pixels...]],
 * [pose {yaw, pitch, roll, matrix [[4 rows of 4]]}]; the bracketed members as {@link Field}s select, and only when
 * the face has them. The default fields give the sink's original lines, byte for byte.
 */
final class JsonRecords implements Records {
    private final Set<Field> fields;

    JsonRecords(Set<Field> fields) {
        this.fields = fields;
    }

    @Override
    public String header(List<String> labels) {
        return null;
    }

    @Override
    public String line(FrameResult r, FaceResult fr, List<String> labels) {
        Face face = fr == null ? null : fr.face();
        Prediction p = fr == null ? null : fr.prediction();
        StringBuilder b = new StringBuilder("{\"pipeline\":").append(text(r.pipeline()))
                .append(",\"source\":").append(text(r.frame().sourceId()))
                .append(",\"frame\":").append(r.frame().index())
                .append(",\"timestamp_us\":").append(r.frame().timestampMicros());
        if (face != null) {
            if (fields.contains(Field.TRACK)) {
                b.append(",\"face\":").append(face.trackId());
            }
            Box box = face.box();
            if (box != null && fields.contains(Field.BOX)) {
                b.append(",\"box\":[").append(num(box.x())).append(',').append(num(box.y())).append(',')
                        .append(num(box.width())).append(',').append(num(box.height())).append(']');
            }
            face.attributes().forEach((k, v) -> b.append(',').append(text(k)).append(':').append(text(v)));
        }
        if (p != null) {
            b.append(",\"model\":").append(text(p.modelId())).append(",\"label\":").append(text(p.label()));
            if (fields.contains(Field.PROBABILITIES)) {
                b.append(",\"probabilities\":{");
                for (int i = 0; i < p.labels().size(); i++) {
                    b.append(i == 0 ? "" : ",").append(text(p.labels().get(i))).append(':')
                            .append(num(p.probabilities()[i]));
                }
                b.append('}');
            }
        }
        if (face != null) {
            members(b, face, r);
        }
        return b.append('}').toString();
    }

    private void members(StringBuilder b, Face face, FrameResult r) {
        float[] scores = face.blendshapes();
        if (scores != null && fields.contains(Field.BLENDSHAPES)) {
            b.append(",\"blendshapes\":{");
            for (int i = 0; i < Blendshapes.COUNT; i++) {
                b.append(i == 0 ? "" : ",").append(text(Blendshapes.NAMES.get(i))).append(':').append(num(scores[i]));
            }
            b.append('}');
        }
        float[] px = fields.contains(Field.LANDMARKS) ? CsvRecords.pixels(face, r.frame().image()) : null;
        if (px != null) {
            b.append(",\"landmarks\":[");
            for (int i = 0; i < LANDMARKS; i++) {
                b.append(i == 0 ? "[" : ",[").append(num(px[3 * i])).append(',').append(num(px[3 * i + 1]))
                        .append(',').append(num(px[3 * i + 2])).append(']');
            }
            b.append(']');
        }
        float[] m = face.transform();
        if (m != null && fields.contains(Field.POSE)) {
            HeadPose pose = HeadPose.of(m);
            b.append(",\"pose\":{\"yaw\":").append(num((float) pose.yaw())).append(",\"pitch\":")
                    .append(num((float) pose.pitch())).append(",\"roll\":").append(num((float) pose.roll()))
                    .append(",\"matrix\":[");
            for (int row = 0; row < 4; row++) {
                b.append(row == 0 ? "[" : ",[");
                for (int c = 0; c < 4; c++) {
                    b.append(c == 0 ? "" : ",").append(num(m[4 * row + c]));
                }
                b.append(']');
            }
            b.append("]}");
        }
    }

    private static String text(String s) {
        return Json.string(new StringBuilder(), s).toString();
    }
}
