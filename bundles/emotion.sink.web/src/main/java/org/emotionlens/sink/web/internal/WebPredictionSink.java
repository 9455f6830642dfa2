package org.emotionlens.sink.web.internal;

import org.emotionlens.sink.csv.http.HttpEndpoint;
import org.emotionlens.sink.csv.json.Json;
import com.sun.net.httpserver.HttpExchange;
import org.emotionlens.api.Box;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Image;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live web page. {@link #accept} only parks the frame in its pipeline's slot (latest wins; a frame replaced
 * before it was shown is counted as dropped) and wakes the publisher thread, so a slow page or JPEG encoding never
 * slows the pipeline. The publisher turns at most {@code max.updates} frames per second and pipeline into SSE
 * {@code frame} events and encodes at most {@code max.fps} of their images as JPEG, which the page then fetches as
 * {@code /frame.jpg?seq=N}. Images go as separate binary responses rather than base64 inside events: a third fewer
 * bytes, decoding by the browser's image loader, and the small JSON events keep flowing while an image loads.
 */
@Component(configurationPid = WebPredictionSink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = PredictionSink.TYPE + "=web", immediate = true)
@Designate(ocd = WebSinkConfig.class, factory = true)
public class WebPredictionSink implements PredictionSink {
    static final String PID = "emotion.sink.web";
    private static final Logger LOG = Logger.getLogger(PID);
    private static final String PAGE = "/org/emotionlens/sink/web/page/";
    private static final Map<String, String> FILES = Map.of("/", "index.html", "/index.html", "index.html",
            "/app.js", "app.js", "/style.css", "style.css");
    /** JPEGs kept for pages that are still fetching an older one. */
    private static final int KEPT_IMAGES = 8;
    /** Arrival times kept per pipeline for its frames/s. */
    private static final int ARRIVALS = 64;

    private final HttpEndpoint endpoint;
    private final EventStreams streams;
    private final JpegEncoder jpeg;
    private final long updateIntervalNanos;
    private final long imageIntervalNanos;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Thread publisher;
    private final AtomicLong imageSeq = new AtomicLong();
    private final AtomicInteger flushRequests = new AtomicInteger();
    private final Object published = new Object();
    private final String url;
    /** The last {@link #KEPT_IMAGES} JPEGs, by sequence number modulo the array length. */
    private final AtomicReference<EncodedImage>[] images;
    private volatile boolean closed;
    private volatile boolean publishing;

    @Activate
    public WebPredictionSink(WebSinkConfig config) {
        this(config.bind_address(), config.port(), config.max_fps(), config.max_updates(), config.jpeg_quality(),
                config.max_clients());
    }

    @SuppressWarnings("unchecked")
    WebPredictionSink(String bindAddress, int port, double maxFps, double maxUpdates, float jpegQuality,
            int maxClients) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("emotion.sink.web port must be 0..65535 (0: any free port), got " + port);
        }
        if (!(maxUpdates > 0)) {
            throw new IllegalArgumentException("emotion.sink.web max.updates must be > 0, got " + maxUpdates);
        }
        if (maxFps < 0) {
            throw new IllegalArgumentException("emotion.sink.web max.fps must be >= 0 (0: no images), got " + maxFps);
        }
        this.updateIntervalNanos = (long) (1e9 / maxUpdates);
        this.imageIntervalNanos = maxFps == 0 ? -1 : (long) (1e9 / maxFps);
        this.jpeg = new JpegEncoder(jpegQuality);
        this.streams = new EventStreams(Math.max(1, maxClients), 256);
        this.images = new AtomicReference[KEPT_IMAGES];
        Arrays.setAll(images, i -> new AtomicReference<>());
        endpoint = new HttpEndpoint("emotion.sink.web", bindAddress, port, this::handle);
        url = endpoint.url();
        publisher = new Thread(this::publishLoop, "emotion-sink-web-publisher");
        publisher.setDaemon(true);
        publisher.start();
        LOG.info("web page: " + url);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8090/}. */
    String url() {
        return url;
    }

    int port() {
        return endpoint.port();
    }

    // ---- pipeline side: cheap, never blocks --------------------------------------------------------------------

    @Override
    public void accept(FrameResult result) {
        if (closed) {
            return;
        }
        Slot slot = slots.computeIfAbsent(result.pipeline(), Slot::new);
        slot.arrived(System.nanoTime());
        if (slot.pending.getAndSet(result) != null) {
            slot.dropped.incrementAndGet();
        }
        LockSupport.unpark(publisher);
    }

    /** Publishes what is still waiting (so the page shows the last frame) and tells the page; keeps it connected. */
    @Override
    public void flush() {
        if (closed) {
            return;
        }
        flushRequests.incrementAndGet();
        LockSupport.unpark(publisher);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        synchronized (published) {
            while (hasPending() && System.nanoTime() < deadline && publisher.isAlive()) {
                try {
                    published.wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        streams.broadcast(EventStreams.event("flush", counters(new StringBuilder()).toString()));
    }

    private boolean hasPending() {
        if (publishing) {
            return true;
        }
        for (Slot s : slots.values()) {
            if (s.pending.get() != null) {
                return true;
            }
        }
        return false;
    }

    /** Ends every page's stream with an {@code end} event, stops the server and the publisher. */
    @Deactivate
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        publisher.interrupt();
        try {
            publisher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.close(EventStreams.event("end", counters(new StringBuilder()).toString()), 2000);
        endpoint.close();
    }

    // ---- publisher thread ------------------------------------------------------------------------------------

    private void publishLoop() {
        int flushesSeen = 0;
        while (!closed) {
            long now = System.nanoTime();
            int flushes = flushRequests.get();
            boolean flushing = flushes != flushesSeen;
            long sleep = TimeUnit.MILLISECONDS.toNanos(500);
            for (Slot slot : slots.values()) {
                if (slot.pending.get() == null) {
                    continue;
                }
                long due = slot.nextUpdate - now;
                if (due > 0 && !flushing) {
                    sleep = Math.min(sleep, due);
                    continue;
                }
                publishing = true;
                try {
                    FrameResult r = slot.pending.getAndSet(null);
                    if (r != null) {
                        publish(slot, r, now);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "web page: could not publish a frame of " + slot.pipeline, e);
                } finally {
                    publishing = false;
                }
                slot.nextUpdate = now + updateIntervalNanos;
                sleep = Math.min(sleep, updateIntervalNanos);
            }
            flushesSeen = flushes;
            synchronized (published) {
                published.notifyAll();
            }
            if (Thread.interrupted()) {
                break;
            }
            LockSupport.parkNanos(this, sleep);
        }
    }

    private void publish(Slot slot, FrameResult r, long now) {
        slot.updates.incrementAndGet();
        slot.stages(r.stageNanos());
        if (streams.size() == 0) {
            return; // no page open: no JPEG to encode, no event to format
        }
        Long seq = null;
        Image image = r.frame().image();
        if (image != null && imageIntervalNanos > 0) {
            if (now - slot.lastImage >= imageIntervalNanos || slot.lastImage == 0) {
                long s = imageSeq.incrementAndGet();
                images[(int) (s % KEPT_IMAGES)].set(new EncodedImage(s, jpeg.encode(image)));
                slot.lastImage = now;
                slot.images.incrementAndGet();
                seq = s;
            } else {
                slot.imagesSkipped.incrementAndGet();
            }
        }
        streams.broadcast(EventStreams.event("frame", frameJson(slot, r, seq)));
    }

    /** The {@code frame} event's JSON; see README.md for its fields. */
    String frameJson(Slot slot, FrameResult r, Long imageSeq) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"pipeline\":");
        Json.string(b, r.pipeline()).append(",\"source\":");
        Json.string(b, r.frame().sourceId()).append(",\"frame\":").append(r.frame().index())
                .append(",\"timestamp_us\":").append(r.frame().timestampMicros());
        Image image = r.frame().image();
        if (image != null) {
            b.append(",\"width\":").append(image.width()).append(",\"height\":").append(image.height());
        }
        b.append(",\"image\":").append(imageSeq == null ? "null" : imageSeq.toString());
        b.append(",\"faces\":[");
        for (int i = 0; i < r.faces().size(); i++) {
            FaceResult f = r.faces().get(i);
            b.append(i == 0 ? "{" : ",{").append("\"track\":").append(f.face().trackId()).append(",\"score\":");
            Json.number(b, f.face().score());
            Box box = f.face().box();
            b.append(",\"box\":");
            if (box == null) {
                b.append("null");
            } else {
                b.append('[');
                Json.number(b, box.x()).append(',');
                Json.number(b, box.y()).append(',');
                Json.number(b, box.width()).append(',');
                Json.number(b, box.height()).append(']');
            }
            Prediction p = f.prediction();
            if (p != null) {
                b.append(",\"model\":");
                Json.string(b, p.modelId()).append(",\"label\":");
                Json.string(b, p.label()).append(",\"probabilities\":{");
                for (int k = 0; k < p.labels().size(); k++) {
                    Json.string(k == 0 ? b : b.append(','), p.labels().get(k)).append(':');
                    Json.number(b, p.probabilities()[k]);
                }
                b.append('}');
            }
            String truth = f.face().attributes().get(org.emotionlens.api.Face.TRUTH);
            if (truth != null) {
                b.append(",\"truth\":");
                Json.string(b, truth);
            }
            b.append('}');
        }
        b.append("],\"stages_ms\":{");
        appendStages(b, ordered(r.stageNanos().keySet()), r.stageNanos()::get, 1e-6);
        b.append("},\"stages_mean_ms\":{");
        Map<String, Double> mean = slot.meanStageNanos();
        appendStages(b, ordered(mean.keySet()), mean::get, 1e-6);
        b.append("},\"fps\":");
        Json.number(b, slot.framesPerSecond());
        b.append(",\"counters\":");
        slot.counters(b);
        return b.append('}').toString();
    }

    private static final List<String> STAGE_ORDER = List.of("detector", "landmarker", "features", "classifier",
            "filter", "sinks");

    private static List<String> ordered(Iterable<String> stages) {
        List<String> out = new ArrayList<>();
        stages.forEach(out::add);
        out.sort((a, c) -> {
            int ia = STAGE_ORDER.indexOf(a);
            int ic = STAGE_ORDER.indexOf(c);
            ia = ia < 0 ? STAGE_ORDER.size() : ia;
            ic = ic < 0 ? STAGE_ORDER.size() : ic;
            return ia != ic ? Integer.compare(ia, ic) : a.compareTo(c);
        });
        return out;
    }

    private static void appendStages(StringBuilder b, List<String> names, java.util.function.Function<String,
            ? extends Number> value, double scale) {
        for (int i = 0; i < names.size(); i++) {
            Json.string(i == 0 ? b : b.append(','), names.get(i)).append(':');
            Json.number(b, Math.round(value.apply(names.get(i)).doubleValue() * scale * 1e4) / 1e4);
        }
    }

    /** {@code {"<pipeline>": {counters}, ...}, "clients": n, "lost": n} as a JSON object. */
    private StringBuilder counters(StringBuilder b) {
        b.append("{\"pipelines\":{");
        boolean first = true;
        for (Slot s : slots.values()) {
            Json.string(first ? b : b.append(','), s.pipeline).append(':');
            s.counters(b);
            first = false;
        }
        return b.append("},\"clients\":").append(streams.size()).append(",\"lost\":").append(streams.lost())
                .append('}');
    }

    /** The page's first event: what the server knows now, so a page opened mid-run shows it at once. */
    private String hello() {
        StringBuilder b = new StringBuilder("{\"url\":");
        Json.string(b, url).append(",\"max_updates\":");
        Json.number(b, 1e9 / updateIntervalNanos).append(",\"max_fps\":");
        Json.number(b, imageIntervalNanos <= 0 ? 0 : 1e9 / imageIntervalNanos).append(",\"state\":");
        counters(b);
        return EventStreams.event("hello", b.append('}').toString());
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "GET only".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/events")) {
                streams.serve(exchange, hello());
            } else if (path.equals("/frame.jpg")) {
                serveImage(exchange);
            } else if (path.equals("/state.json")) {
                send(exchange, 200, "application/json", counters(new StringBuilder()).toString()
                        .getBytes(StandardCharsets.UTF_8));
            } else if (FILES.containsKey(path)) {
                serveFile(exchange, FILES.get(path));
            } else {
                send(exchange, 404, "text/plain", ("no " + path + " here; the page is at /")
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the page went away mid-response
        } finally {
            exchange.close();
        }
    }

    private void serveImage(HttpExchange exchange) throws IOException {
        long seq = -1;
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("seq=")) {
                    try {
                        seq = Long.parseLong(part.substring(4));
                    } catch (NumberFormatException e) {
                        send(exchange, 400, "text/plain", ("seq must be a number, got " + part.substring(4))
                                .getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                }
            }
        }
        EncodedImage img = seq < 0 ? latestImage() : images[(int) (seq % KEPT_IMAGES)].get();
        if (img == null || (seq >= 0 && img.seq != seq)) {
            // Too old (a newer frame replaced it) or not yet made: the page waits for the next one.
            send(exchange, 404, "text/plain", ("image " + seq + " is no longer held").getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.getResponseHeaders().set("X-Frame-Seq", Long.toString(img.seq));
        send(exchange, 200, "image/jpeg", img.jpeg);
    }

    private EncodedImage latestImage() {
        EncodedImage best = null;
        for (AtomicReference<EncodedImage> r : images) {
            EncodedImage e = r.get();
            if (e != null && (best == null || e.seq > best.seq)) {
                best = e;
            }
        }
        return best;
    }

    private void serveFile(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = WebPredictionSink.class.getResourceAsStream(PAGE + name)) {
            if (in == null) {
                send(exchange, 500, "text/plain", ("bundle lacks " + PAGE + name).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            exchange.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; img-src 'self'; connect-src 'self'; style-src 'self'; script-src 'self'");
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Figures of the whole sink for tests: per pipeline accepted/updates/dropped/images. */
    Map<String, long[]> figures() {
        Map<String, long[]> out = new LinkedHashMap<>();
        slots.forEach((k, s) -> out.put(k, new long[] {s.accepted.get(), s.updates.get(), s.dropped.get(),
                s.images.get(), s.imagesSkipped.get()}));
        return out;
    }

    EventStreams streams() {
        return streams;
    }

    @Override
    public String toString() {
        return "web:" + url;
    }

    private record EncodedImage(long seq, byte[] jpeg) {
    }

    /** One pipeline's latest frame and figures. */
    static final class Slot {
        final String pipeline;
        final AtomicReference<FrameResult> pending = new AtomicReference<>();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong updates = new AtomicLong();
        final AtomicLong images = new AtomicLong();
        final AtomicLong imagesSkipped = new AtomicLong();
        private final long[] arrivals = new long[ARRIVALS];
        private final Map<String, Double> meanStage = new LinkedHashMap<>();
        long nextUpdate;
        long lastImage;

        Slot(String pipeline) {
            this.pipeline = pipeline;
        }

        void arrived(long nanos) {
            long n = accepted.getAndIncrement();
            synchronized (arrivals) {
                arrivals[(int) (n % ARRIVALS)] = nanos;
            }
        }

        /** Frames/s over the last {@link #ARRIVALS} arrivals. */
        double framesPerSecond() {
            long n = accepted.get();
            if (n < 2) {
                return 0;
            }
            int k = (int) Math.min(n, ARRIVALS);
            synchronized (arrivals) {
                long last = arrivals[(int) ((n - 1) % ARRIVALS)];
                long first = arrivals[(int) ((n - k) % ARRIVALS)];
                return last <= first ? 0 : (k - 1) * 1e9 / (last - first);
            }
        }

        /** Exponential moving mean of the stage times of the frames shown (weight 0.1 for the newest). */
        void stages(Map<String, Long> nanos) {
            synchronized (meanStage) {
                nanos.forEach((stage, v) -> meanStage.merge(stage, v.doubleValue(), (old, x) -> old * 0.9 + x * 0.1));
            }
        }

        Map<String, Double> meanStageNanos() {
            synchronized (meanStage) {
                return new LinkedHashMap<>(meanStage);
            }
        }

        StringBuilder counters(StringBuilder b) {
            return b.append("{\"accepted\":").append(accepted.get()).append(",\"updates\":").append(updates.get())
                    .append(",\"dropped\":").append(dropped.get()).append(",\"images\":").append(images.get())
                    .append(",\"images_skipped\":").append(imagesSkipped.get()).append('}');
        }
    }
}
