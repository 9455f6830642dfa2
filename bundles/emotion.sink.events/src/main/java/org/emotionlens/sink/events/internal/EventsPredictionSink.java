package org.emotionlens.sink.events.internal;

import org.emotionlens.sink.csv.http.HttpEndpoint;
import org.emotionlens.sink.csv.json.Json;
import com.sun.net.httpserver.HttpExchange;
import org.emotionlens.api.Box;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Predictions as events. Inside the container every prediction is posted (asynchronously) to EventAdmin as
 * {@value #TOPIC_PREDICTION}, and a track whose label differs from its previous one (or gets its first) as
 * {@value #TOPIC_LABEL_CHANGED}. Outside it, when {@code port} is set, the same facts go as JSON lines to every
 * connected client ({@code /events}: Server-Sent Events, {@code /stream}: NDJSON); README.md documents the schema.
 * Nothing here waits on a consumer: EventAdmin's postEvent queues, and network clients have their own queues.
 */
@Component(configurationPid = EventsPredictionSink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = PredictionSink.TYPE + "=events", immediate = true)
@Designate(ocd = EventsSinkConfig.class, factory = true)
public class EventsPredictionSink implements PredictionSink {
    static final String PID = "emotion.sink.events";
    public static final String TOPIC_PREDICTION = "emotionlens/prediction";
    public static final String TOPIC_LABEL_CHANGED = "emotionlens/label/changed";
    /** Version of the JSON lines' schema, sent in the hello line; bumped on incompatible changes. */
    static final int SCHEMA = 1;
    /** Tracks remembered per pipeline and source; beyond it the oldest are forgotten (a long run with many faces). */
    private static final int MAX_TRACKS = 4096;
    private static final Logger LOG = Logger.getLogger(PID);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private final boolean postEvents;
    private final HttpEndpoint endpoint;
    private final LineStreams streams;
    private final String url;
    /** pipeline + '\0' + source -> track -> last label. */
    private final Map<String, Map<Integer, String>> labels = new HashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong predictions = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean closed;

    @Activate
    public EventsPredictionSink(EventsSinkConfig config) {
        this(config.eventadmin(), config.bind_address(), config.port(), config.queue_size(), config.max_clients());
    }

    EventsPredictionSink(boolean postEvents, String bindAddress, int port, int queueSize, int maxClients) {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("emotion.sink.events port must be -1 (no endpoint), 0 (any free port)"
                    + " or 1..65535, got " + port);
        }
        this.postEvents = postEvents;
        this.streams = new LineStreams(Math.max(1, maxClients), queueSize);
        if (port < 0) {
            endpoint = null;
            url = null;
            return;
        }
        endpoint = new HttpEndpoint("emotion.sink.events", bindAddress, port, this::handle);
        url = endpoint.url();
        LOG.info("prediction events: " + url + "events (SSE), " + url + "stream (JSON lines)");
    }

    /** Base URL of the endpoint, or null when it is off. */
    String url() {
        return url;
    }

    // EventAdmin is bound by DS; tests outside a framework set it here.
    void setEventAdmin(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    @Override
    public void accept(FrameResult result) {
        if (closed) {
            return;
        }
        EventAdmin admin = postEvents ? eventAdmin : null;
        boolean network = streams.hasClients();
        String key = result.pipeline() + '\0' + result.frame().sourceId();
        for (FaceResult f : result.faces()) {
            Prediction p = f.prediction();
            if (p == null) {
                continue;
            }
            long n = seq.incrementAndGet();
            predictions.incrementAndGet();
            String label = p.label();
            int track = f.face().trackId();
            String previous;
            boolean changed;
            synchronized (labels) {
                Map<Integer, String> tracks = labels.computeIfAbsent(key, k -> new LinkedHashMap<>(16, 0.75f, true));
                previous = tracks.put(track, label);
                changed = !label.equals(previous);
                if (tracks.size() > MAX_TRACKS) {
                    tracks.remove(tracks.keySet().iterator().next());
                }
            }
            if (changed) {
                changes.incrementAndGet();
            }
            if (admin != null) {
                admin.postEvent(new Event(TOPIC_PREDICTION, predictionProperties(result, f, p, n)));
                if (changed) {
                    admin.postEvent(new Event(TOPIC_LABEL_CHANGED, changeProperties(result, f, p, previous, n)));
                }
            }
            if (network) {
                streams.broadcast(predictionJson(result, f, p, n));
                if (changed) {
                    streams.broadcast(changeJson(result, f, p, previous, n));
                }
            }
        }
    }

    /** Forgets the tracks' labels (a new run numbers its tracks afresh) and tells clients the input ended. */
    @Override
    public void flush() {
        synchronized (labels) {
            labels.clear();
        }
        if (streams.hasClients()) {
            streams.broadcast("{\"type\":\"flush\",\"seq\":" + seq.get() + "}");
        }
    }

    @Deactivate
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (endpoint != null) {
            streams.close("{\"type\":\"end\",\"seq\":" + seq.get() + "}", 2000);
            endpoint.close();
        }
    }

    long predictions() {
        return predictions.get();
    }

    long labelChanges() {
        return changes.get();
    }

    LineStreams streams() {
        return streams;
    }

    // ---- EventAdmin properties -------------------------------------------------------------------------------

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

    static Map<String, Object> predictionProperties(FrameResult r, FaceResult f, Prediction p, long seq) {
        Map<String, Object> m = common(r, f, seq);
        m.put("label", p.label());
        m.put("model", p.modelId());
        Map<String, Float> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < p.labels().size(); i++) {
            probabilities.put(p.labels().get(i), p.probabilities()[i]);
        }
        m.put("probabilities", java.util.Collections.unmodifiableMap(probabilities));
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

    static Map<String, Object> changeProperties(FrameResult r, FaceResult f, Prediction p, String previous, long seq) {
        Map<String, Object> m = common(r, f, seq);
        m.put("label", p.label());
        m.put("probability", p.probabilities()[p.best()]);
        if (previous != null) {
            m.put("previous", previous);
        }
        return m;
    }

    // ---- JSON lines ------------------------------------------------------------------------------------------

    private static StringBuilder head(String type, FrameResult r, FaceResult f, long seq) {
        StringBuilder b = new StringBuilder(256).append("{\"type\":\"").append(type).append("\",\"seq\":").append(seq)
                .append(",\"pipeline\":");
        Json.string(b, r.pipeline()).append(",\"source\":");
        Json.string(b, r.frame().sourceId()).append(",\"frame\":").append(r.frame().index())
                .append(",\"timestamp_us\":").append(r.frame().timestampMicros())
                .append(",\"track\":").append(f.face().trackId());
        return b;
    }

    static String predictionJson(FrameResult r, FaceResult f, Prediction p, long seq) {
        StringBuilder b = head("prediction", r, f, seq).append(",\"label\":");
        Json.string(b, p.label()).append(",\"model\":");
        Json.string(b, p.modelId()).append(",\"probabilities\":{");
        for (int i = 0; i < p.labels().size(); i++) {
            Json.string(i == 0 ? b : b.append(','), p.labels().get(i)).append(':');
            Json.number(b, p.probabilities()[i]);
        }
        b.append("},\"box\":");
        Box box = f.face().box();
        if (box == null) {
            b.append("null");
        } else {
            Json.number(b.append('['), box.x()).append(',');
            Json.number(b, box.y()).append(',');
            Json.number(b, box.width()).append(',');
            Json.number(b, box.height()).append(']');
        }
        b.append(",\"score\":");
        Json.number(b, f.face().score());
        String truth = f.face().attributes().get(Face.TRUTH);
        if (truth != null) {
            Json.string(b.append(",\"truth\":"), truth);
        }
        return b.append('}').toString();
    }

    static String changeJson(FrameResult r, FaceResult f, Prediction p, String previous, long seq) {
        StringBuilder b = head("label_changed", r, f, seq).append(",\"label\":");
        Json.string(b, p.label()).append(",\"previous\":");
        Json.string(b, previous).append(",\"probability\":");
        Json.number(b, p.probabilities()[p.best()]);
        return b.append('}').toString();
    }

    private String hello() {
        return "{\"type\":\"hello\",\"schema\":" + SCHEMA + ",\"seq\":" + seq.get() + "}";
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                text(exchange, 405, "GET only\n");
            } else if (path.equals("/events")) {
                streams.serve(exchange, LineStreams.Framing.SSE, hello());
            } else if (path.equals("/stream")) {
                streams.serve(exchange, LineStreams.Framing.NDJSON, hello());
            } else if (path.equals("/")) {
                text(exchange, 200, "EmotionLens prediction events (schema " + SCHEMA + ")\n"
                        + "GET /events  Server-Sent Events, one JSON object per 'data:' line\n"
                        + "GET /stream  JSON lines (application/x-ndjson)\n"
                        + "predictions so far: " + predictions.get() + ", label changes: " + changes.get()
                        + ", clients: " + streams.size() + ", lines lost to slow clients: " + streams.lost() + "\n");
            } else {
                text(exchange, 404, "no " + path + " here; see /\n");
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            exchange.close();
        }
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public String toString() {
        return "events:" + (postEvents ? "eventadmin" : "") + (url == null ? "" : (postEvents ? "+" : "") + url);
    }
}
