package org.emotionlens.sink.events.internal;

import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionSink;
import org.emotionlens.sink.stream.ClientStreams;
import org.emotionlens.sink.stream.Framing;
import org.emotionlens.sink.stream.ServletHost;
import org.emotionlens.sink.stream.ServletRegistrations;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Predictions as events. Inside the container every prediction is posted (asynchronously) to EventAdmin as
 * {@value #TOPIC_PREDICTION}, and a track whose label differs from its previous one (or gets its first) as
 * {@value #TOPIC_LABEL_CHANGED}. Outside it, when {@code http.enabled}, the same facts go as JSON lines to every
 * connected client through the HTTP Whiteboard ({@code <http.path>/events}: Server-Sent Events,
 * {@code <http.path>/stream}: NDJSON). Nothing here waits on a consumer: EventAdmin's postEvent queues, and network
 * clients have their own queues.
 */
@Component(configurationPid = EventsPredictionSink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = PredictionSink.TYPE + "=events", immediate = true)
@Designate(ocd = EventsSinkConfig.class, factory = true)
public class EventsPredictionSink implements PredictionSink {
    static final String PID = "emotion.sink.events";
    public static final String TOPIC_PREDICTION = "emotionlens/prediction";
    public static final String TOPIC_LABEL_CHANGED = "emotionlens/label/changed";
    static final int SCHEMA = PredictionJson.SCHEMA;
    /** Tracks remembered per pipeline and source; beyond it the oldest are forgotten (a long run with many faces). */
    private static final int MAX_TRACKS = 4096;
    private static final Logger LOG = Logger.getLogger(PID);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private final boolean postEvents;
    private final ServletHost servlets;
    private final ClientStreams streams;
    private final String url;
    /** pipeline + '\0' + source -> track -> last label. */
    private final Map<String, Map<Integer, String>> labels = new HashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong predictions = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean closed;

    @Activate
    public EventsPredictionSink(EventsSinkConfig config, BundleContext context,
            @Reference(name = "http", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY)
            org.osgi.framework.ServiceReference<HttpServiceRuntime> http) {
        this(config.eventadmin(), config.queue_size(), config.max_clients(),
                config.http_enabled() ? new ServletRegistrations(context, PID, http) : null, config.http_path());
    }

    /**
     * @param servlets where the network streams are served; null: no network streams
     * @param path the streams' path prefix on the HTTP port, e.g. {@code /predictions}
     */
    EventsPredictionSink(boolean postEvents, int queueSize, int maxClients, ServletHost servlets, String path) {
        if (servlets != null && (path == null || !path.matches("(/[A-Za-z0-9._~-]+)+"))) {
            throw new IllegalArgumentException(PID + " http.path must be a path such as /predictions (letters, digits,"
                    + " '.', '_', '~', '-' between slashes, no trailing slash), got '" + path + "'");
        }
        this.postEvents = postEvents;
        this.servlets = servlets;
        this.streams = new ClientStreams(PID, maxClients, Math.max(16, queueSize));
        if (servlets == null) {
            url = null;
            return;
        }
        servlets.add("events", new LineStreamServlet(streams, Framing.sseData(), this::hello), path + "/events")
                .add("stream", new LineStreamServlet(streams, Framing.jsonLines(), this::hello), path + "/stream")
                .add("index", new IndexServlet(this::figures), path + "/*");
        url = servlets.url() == null ? null : servlets.url() + path.substring(1) + "/";
        if (url != null) { // without a whiteboard yet, DS activates the sink again when one comes
            LOG.info("prediction events: " + url + "events (SSE), " + url + "stream (JSON lines)");
        }
    }

    /** Base URL of the network streams, or null when they are off. */
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
            String previous;
            boolean changed;
            synchronized (labels) {
                Map<Integer, String> tracks = labels.computeIfAbsent(key, k -> new LinkedHashMap<>(16, 0.75f, true));
                previous = tracks.put(f.face().trackId(), label);
                changed = !label.equals(previous);
                if (tracks.size() > MAX_TRACKS) {
                    tracks.remove(tracks.keySet().iterator().next());
                }
            }
            if (changed) {
                changes.incrementAndGet();
            }
            if (admin != null) {
                admin.postEvent(new Event(TOPIC_PREDICTION, EventProperties.prediction(result, f, p, n)));
                if (changed) {
                    admin.postEvent(new Event(TOPIC_LABEL_CHANGED,
                            EventProperties.labelChanged(result, f, p, previous, n)));
                }
            }
            if (network) {
                streams.broadcast(PredictionJson.prediction(result, f, p, n));
                if (changed) {
                    streams.broadcast(PredictionJson.labelChanged(result, f, p, previous, n));
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
            streams.broadcast(PredictionJson.marker("flush", seq.get()));
        }
    }

    @Deactivate
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        streams.close(PredictionJson.marker("end", seq.get()), 2000);
        if (servlets != null) {
            servlets.close();
        }
    }

    long predictions() {
        return predictions.get();
    }

    long labelChanges() {
        return changes.get();
    }

    ClientStreams streams() {
        return streams;
    }

    private String hello() {
        return PredictionJson.hello(seq.get());
    }

    private String figures() {
        return "predictions so far: " + predictions.get() + ", label changes: " + changes.get() + ", clients: "
                + streams.size() + ", lines lost to slow clients: " + streams.lost();
    }

    @Override
    public String toString() {
        return "events:" + (postEvents ? "eventadmin" : "") + (url == null ? "" : (postEvents ? "+" : "") + url);
    }
}
