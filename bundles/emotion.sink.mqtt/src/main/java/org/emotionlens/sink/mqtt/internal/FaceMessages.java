package org.emotionlens.sink.mqtt.internal;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The JSON of one face's message (schema {@value #SCHEMA}), written with jakarta.json (Parsson in the runtime):
 * <pre>
 * {"schema":1,"seq":7,"pipeline":"demo","source":"facemesh-demo.gif","frame":3,"timestamp_us":300000,"face":0,
 *  "track":0,"box":[0.11,0.27,0.24,0.36],"score":0.99,"label":"happy",
 *  "probabilities":{"happy":0.86,"sad":0.01,"unknown":0.13},"model":"lstm-paper"}
 * </pre>
 * Floats are written with their shortest decimal form (the value a reader parses back is the same float);
 * {@code box} is null when unknown (replayed features), {@code score} when not a number, and {@code label},
 * {@code probabilities} and {@code model} when the face got no prediction. {@code truth} only when the source knows it.
 */
final class FaceMessages {
    static final int SCHEMA = 1;

    /** Looked up once: {@code JsonProvider.provider()} searches the service loader on every call. */
    private final JsonGeneratorFactory generators = JsonProvider.provider().createGeneratorFactory(Map.of());

    String encode(long seq, FrameResult r, int faceIndex) {
        FaceResult f = r.faces().get(faceIndex);
        Face face = f.face();
        StringWriter out = new StringWriter(384);
        try (JsonGenerator g = generators.createGenerator(out)) {
            g.writeStartObject()
                    .write("schema", SCHEMA)
                    .write("seq", seq);
            string(g, "pipeline", r.pipeline());
            string(g, "source", r.frame().sourceId());
            g.write("frame", r.frame().index())
                    .write("timestamp_us", r.frame().timestampMicros())
                    .write("face", faceIndex)
                    .write("track", face.trackId());
            Box b = face.box();
            if (b == null) {
                g.writeNull("box");
            } else {
                g.writeStartArray("box");
                number(g, b.x());
                number(g, b.y());
                number(g, b.width());
                number(g, b.height());
                g.writeEnd();
            }
            number(g, "score", face.score());
            Prediction p = f.prediction();
            if (p == null) {
                g.writeNull("label").writeNull("probabilities").writeNull("model");
            } else {
                string(g, "label", p.label());
                g.writeStartObject("probabilities");
                for (int i = 0; i < p.labels().size(); i++) {
                    number(g, p.labels().get(i), p.probabilities()[i]);
                }
                g.writeEnd();
                string(g, "model", p.modelId());
            }
            String truth = face.attributes().get(Face.TRUTH);
            if (truth != null) {
                g.write("truth", truth);
            }
            g.writeEnd();
        }
        return out.toString();
    }

    private static void string(JsonGenerator g, String name, String v) {
        if (v == null) {
            g.writeNull(name);
        } else {
            g.write(name, v);
        }
    }

    private static void number(JsonGenerator g, float v) {
        if (Float.isFinite(v)) {
            g.write(new BigDecimal(Float.toString(v)));
        } else {
            g.writeNull();
        }
    }

    private static void number(JsonGenerator g, String name, float v) {
        if (Float.isFinite(v)) {
            g.write(name, new BigDecimal(Float.toString(v)));
        } else {
            g.writeNull(name);
        }
    }
}
