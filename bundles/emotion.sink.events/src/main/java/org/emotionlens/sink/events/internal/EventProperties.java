package org.emotionlens.sink.events.internal;

import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The properties of the EventAdmin events; README.md lists them. */
final class EventProperties {
    private EventProperties() {
    }

    private static Map<String, Object> common(FrameResult r, FaceResult f, long seq) {
        Map<String, Object> m = new HashMap<>();
        m.put("pipeline", r.pipeline());
        m.put("source", r.frame().sourceId());
        m.put("frame", r.frame().index());
        m.put("timestamp_us", r.frame().timestampMicros());
        m.put("track", f.face().trackId());
        m.put("seq", seq);
        return m;
    }

    static Map<String, Object> prediction(FrameResult r, FaceResult f, Prediction p, long seq) {
        Map<String, Object> m = common(r, f, seq);
        m.put("label", p.label());
        m.put("model", p.modelId());
        Map<String, Float> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < p.labels().size(); i++) {
            probabilities.put(p.labels().get(i), p.probabilities()[i]);
        }
        m.put("probabilities", Collections.unmodifiableMap(probabilities));
        Box b = f.face().box();
        if (b != null) {
            m.put("box", new float[] {b.x(), b.y(), b.width(), b.height()});
        }
        m.put("score", f.face().score());
        String truth = f.face().attributes().get(Face.TRUTH);
        if (truth != null) {
            m.put("truth", truth);
        }
        return m;
    }

    static Map<String, Object> labelChanged(FrameResult r, FaceResult f, Prediction p, String previous, long seq) {
        Map<String, Object> m = common(r, f, seq);
        m.put("label", p.label());
        m.put("probability", p.probabilities()[p.best()]);
        if (previous != null) {
            m.put("previous", previous);
        }
        return m;
    }
}
