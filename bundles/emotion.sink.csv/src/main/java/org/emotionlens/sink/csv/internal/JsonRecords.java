package org.emotionlens.sink.csv.internal;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.HeadPose;
import org.emotionlens.api.Prediction;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON lines (jakarta.json): one object per face with pipeline, source, frame, timestamp_us, [face], [box], the face's
 * attributes, model, label, [probabilities {label: p}], [blendshapes {name: score}], [landmarks [[x, y, z] in
 * pixels...]], [pose {yaw, pitch, roll, matrix [[4 rows of 4]]}]; the bracketed members as {@link Field}s select,
 * and only when the face has them. Numbers are a float's shortest decimal (as the CSV's cells), null when not finite.
 */
final class JsonRecords implements Records {
    /** Compact generators (one line per record); the provider looked up once, not on every line. */
    private static final JsonGeneratorFactory JSON = JsonProvider.provider().createGeneratorFactory(Map.of());

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
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            text(g, "pipeline", r.pipeline());
            text(g, "source", r.frame().sourceId());
            g.write("frame", r.frame().index()).write("timestamp_us", r.frame().timestampMicros());
            if (face != null) {
                if (fields.contains(Field.TRACK)) {
                    g.write("face", face.trackId());
                }
                Box box = face.box();
                if (box != null && fields.contains(Field.BOX)) {
                    g.writeStartArray("box");
                    numbers(g, box.x(), box.y(), box.width(), box.height());
                    g.writeEnd();
                }
                face.attributes().forEach((k, v) -> text(g, k, v));
            }
            if (p != null) {
                text(g, "model", p.modelId());
                text(g, "label", p.label());
                if (fields.contains(Field.PROBABILITIES)) {
                    g.writeStartObject("probabilities");
                    for (int i = 0; i < p.labels().size(); i++) {
                        g.writeKey(p.labels().get(i));
                        number(g, p.probabilities()[i]);
                    }
                    g.writeEnd();
                }
            }
            if (face != null) {
                members(g, face, r);
            }
            g.writeEnd();
        }
        return out.toString();
    }

    private void members(JsonGenerator g, Face face, FrameResult r) {
        float[] scores = face.blendshapes();
        if (scores != null && fields.contains(Field.BLENDSHAPES)) {
            g.writeStartObject("blendshapes");
            for (int i = 0; i < Blendshapes.COUNT; i++) {
                g.writeKey(Blendshapes.NAMES.get(i));
                number(g, scores[i]);
            }
            g.writeEnd();
        }
        float[] px = fields.contains(Field.LANDMARKS) ? CsvRecords.pixels(face, r.frame().image()) : null;
        if (px != null) {
            g.writeStartArray("landmarks");
            for (int i = 0; i < LANDMARKS; i++) {
                g.writeStartArray();
                numbers(g, px[3 * i], px[3 * i + 1], px[3 * i + 2]);
                g.writeEnd();
            }
            g.writeEnd();
        }
        float[] m = face.transform();
        if (m != null && fields.contains(Field.POSE)) {
            HeadPose pose = HeadPose.of(m);
            g.writeStartObject("pose");
            g.writeKey("yaw");
            number(g, (float) pose.yaw());
            g.writeKey("pitch");
            number(g, (float) pose.pitch());
            g.writeKey("roll");
            number(g, (float) pose.roll());
            g.writeStartArray("matrix");
            for (int row = 0; row < 4; row++) {
                g.writeStartArray();
                numbers(g, m[4 * row], m[4 * row + 1], m[4 * row + 2], m[4 * row + 3]);
                g.writeEnd();
            }
            g.writeEnd();
            g.writeEnd();
        }
    }

    private static void text(JsonGenerator g, String name, String value) {
        if (value == null) {
            g.writeNull(name);
        } else {
            g.write(name, value);
        }
    }

    private static void numbers(JsonGenerator g, float... values) {
        for (float v : values) {
            number(g, v);
        }
    }

    /** A float's shortest decimal (Float.toString: it parses back to the same float); JSON has no NaN: null. */
    private static void number(JsonGenerator g, float v) {
        if (Float.isFinite(v)) {
            g.write(new BigDecimal(Float.toString(v)));
        } else {
            g.writeNull();
        }
    }
}
