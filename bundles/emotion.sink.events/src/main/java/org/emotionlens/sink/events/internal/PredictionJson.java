package org.emotionlens.sink.events.internal;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;
import org.emotionlens.sink.stream.JsonValues;

/** The JSON lines of the network streams (jakarta.json); README.md documents the schema. */
final class PredictionJson {
    /** Version of the lines' schema, sent in the hello line; bumped on incompatible changes. */
    static final int SCHEMA = 1;
    private static final JsonProvider JSON = JsonValues.provider();

    private PredictionJson() {
    }

    private static JsonObjectBuilder head(String type, FrameResult r, FaceResult f, long seq) {
        return JSON.createObjectBuilder().add("type", type).add("seq", seq)
                .add("pipeline", string(r.pipeline()))
                .add("source", string(r.frame().sourceId()))
                .add("frame", r.frame().index())
                .add("timestamp_us", r.frame().timestampMicros())
                .add("track", f.face().trackId());
    }

    static String prediction(FrameResult r, FaceResult f, Prediction p, long seq) {
        JsonObjectBuilder probabilities = JSON.createObjectBuilder();
        for (int i = 0; i < p.labels().size(); i++) {
            probabilities.add(p.labels().get(i), JsonValues.number(p.probabilities()[i]));
        }
        JsonObjectBuilder b = head("prediction", r, f, seq).add("label", string(p.label()))
                .add("model", string(p.modelId())).add("probabilities", probabilities);
        Box box = f.face().box();
        if (box == null) {
            b.addNull("box");
        } else {
            b.add("box", JsonValues.numbers(box.x(), box.y(), box.width(), box.height()));
        }
        b.add("score", JsonValues.number(f.face().score()));
        String truth = f.face().attributes().get(Face.TRUTH);
        if (truth != null) {
            b.add("truth", truth);
        }
        return b.build().toString();
    }

    static String labelChanged(FrameResult r, FaceResult f, Prediction p, String previous, long seq) {
        return head("label_changed", r, f, seq).add("label", string(p.label())).add("previous", string(previous))
                .add("probability", JsonValues.number(p.probabilities()[p.best()])).build().toString();
    }

    static String hello(long seq) {
        return JSON.createObjectBuilder().add("type", "hello").add("schema", SCHEMA).add("seq", seq).build().toString();
    }

    /** {@code flush} (the input ended) or {@code end} (the sink is closing). */
    static String marker(String type, long seq) {
        return JSON.createObjectBuilder().add("type", type).add("seq", seq).build().toString();
    }

    private static JsonValue string(String s) {
        return s == null ? JsonValue.NULL : JSON.createValue(s);
    }
}
