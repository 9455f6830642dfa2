package org.emotionlens.sink.web.internal;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Image;
import org.emotionlens.api.Prediction;
import org.emotionlens.sink.stream.JsonValues;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The page's Server-Sent Events and their JSON (jakarta.json); README.md lists the fields. */
final class FrameEvents {
    private static final JsonProvider JSON = JsonValues.provider();
    private static final List<String> STAGE_ORDER = List.of("detector", "landmarker", "features", "classifier",
            "filter", "sinks");

    private FrameEvents() {
    }

    /** One SSE event: {@code event: <name>} and the data on one line (the JSON writer emits no raw newlines). */
    static String event(String name, JsonObject data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    /** The {@code frame} event's data; {@code imageSeq} is null when this update carries no image. */
    static JsonObject frame(PipelineSlot slot, FrameResult r, Long imageSeq) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("pipeline", string(r.pipeline()))
                .add("source", string(r.frame().sourceId()))
                .add("frame", r.frame().index())
                .add("timestamp_us", r.frame().timestampMicros());
        Image image = r.frame().image();
        if (image != null) {
            b.add("width", image.width()).add("height", image.height());
        }
        if (imageSeq == null) {
            b.addNull("image");
        } else {
            b.add("image", imageSeq);
        }
        var faces = JSON.createArrayBuilder();
        for (FaceResult f : r.faces()) {
            faces.add(face(f));
        }
        return b.add("faces", faces)
                .add("stages_ms", stages(r.stageNanos()))
                .add("stages_mean_ms", stages(slot.meanStageNanos()))
                .add("fps", JsonValues.number(slot.framesPerSecond()))
                .add("counters", counters(slot))
                .build();
    }

    private static JsonObject face(FaceResult f) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("track", f.face().trackId())
                .add("score", JsonValues.number(f.face().score()));
        Box box = f.face().box();
        if (box == null) {
            b.addNull("box");
        } else {
            b.add("box", JsonValues.numbers(box.x(), box.y(), box.width(), box.height()));
        }
        Prediction p = f.prediction();
        if (p != null) {
            JsonObjectBuilder probabilities = JSON.createObjectBuilder();
            for (int k = 0; k < p.labels().size(); k++) {
                probabilities.add(p.labels().get(k), JsonValues.number(p.probabilities()[k]));
            }
            b.add("model", string(p.modelId())).add("label", string(p.label())).add("probabilities", probabilities);
        }
        String truth = f.face().attributes().get(Face.TRUTH);
        if (truth != null) {
            b.add("truth", truth);
        }
        return b.build();
    }

    /** Stage times in ms (4 decimals), in pipeline order. */
    private static JsonObject stages(Map<String, ? extends Number> nanos) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        for (String stage : ordered(nanos.keySet())) {
            b.add(stage, JsonValues.number(Math.round(nanos.get(stage).doubleValue() * 1e-2) / 1e4));
        }
        return b.build();
    }

    private static List<String> ordered(Collection<String> stages) {
        List<String> out = new ArrayList<>(stages);
        out.sort((a, c) -> {
            int ia = rank(a);
            int ic = rank(c);
            return ia != ic ? Integer.compare(ia, ic) : a.compareTo(c);
        });
        return out;
    }

    private static int rank(String stage) {
        int i = STAGE_ORDER.indexOf(stage);
        return i < 0 ? STAGE_ORDER.size() : i;
    }

    static JsonObject counters(PipelineSlot s) {
        return JSON.createObjectBuilder().add("accepted", s.accepted.get()).add("updates", s.updates.get())
                .add("dropped", s.dropped.get()).add("images", s.images.get())
                .add("images_skipped", s.imagesSkipped.get()).build();
    }

    /** {@code {"pipelines":{"<id>":{counters}},"clients":n,"lost":n}}: the whole sink's state. */
    static JsonObject state(Collection<PipelineSlot> slots, int clients, long lost) {
        JsonObjectBuilder pipelines = JSON.createObjectBuilder();
        for (PipelineSlot s : slots) {
            pipelines.add(s.pipeline, counters(s));
        }
        return JSON.createObjectBuilder().add("pipelines", pipelines).add("clients", clients).add("lost", lost).build();
    }

    /** The page's first event: what the server knows now, so a page opened mid-run shows it at once. */
    static JsonObject hello(String url, double maxUpdates, double maxFps, JsonObject state) {
        return JSON.createObjectBuilder().add("url", string(url)).add("max_updates", JsonValues.number(maxUpdates))
                .add("max_fps", JsonValues.number(maxFps)).add("state", state).build();
    }

    private static jakarta.json.JsonValue string(String s) {
        return s == null ? jakarta.json.JsonValue.NULL : JSON.createValue(s);
    }
}
