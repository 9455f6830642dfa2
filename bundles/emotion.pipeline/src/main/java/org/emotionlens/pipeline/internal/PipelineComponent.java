package org.emotionlens.pipeline.internal;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Detection;
import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.Image;
import org.emotionlens.api.Pipeline;
import org.emotionlens.api.PipelineStats;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionFilter;
import org.emotionlens.api.PredictionSink;
import org.emotionlens.api.SourceException;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.api.TrackerOptions;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The frame loop of one pipeline variant. The source is static (a new source is a new run); every other stage is a
 * dynamic greedy reference, so a better-ranked or re-targeted provider replaces the bound one while frames flow.
 * A frame whose stage was shut down mid-call is redone with the replacement, and a frame that finds a stage unbound
 * waits for it, so across swaps every frame is processed exactly once.
 *
 * <p>The {@link Pipeline} service is registered by hand rather than by DS so that its state properties can be
 * updated; launchers outside the framework follow those properties without loading any EmotionLens class.
 */
@Component(configurationPid = PipelineComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = PipelineConfig.class, factory = true)
public class PipelineComponent implements Pipeline {
    static final String PID = "emotion.pipeline";
    private static final Logger LOG = Logger.getLogger(PID);
    static final String STAGE_SOURCE = "source";
    static final String STAGE_DETECTOR = "detector";
    static final String STAGE_LANDMARKER = "landmarker";
    static final String STAGE_FEATURES = "features";
    static final String STAGE_CLASSIFIER = "classifier";
    static final String STAGE_FILTER = "filter";
    static final String STAGE_SINKS = "sinks";

    @Reference(name = STAGE_DETECTOR, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FaceDetector detector;

    @Reference(name = STAGE_LANDMARKER, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile FaceLandmarker landmarker;

    @Reference(name = STAGE_FEATURES, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FeatureExtractor features;

    @Reference(name = STAGE_CLASSIFIER, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EmotionClassifier classifier;

    @Reference(name = STAGE_FILTER, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PredictionFilter filter;

    private final List<PredictionSink> sinks = new CopyOnWriteArrayList<>();

    private final String id;
    private final PipelineConfig config;
    private final FrameSource source;
    private final BundleContext context;
    private volatile Map<String, Object> properties;
    private final Map<String, LatencyRecorder> latency = new LinkedHashMap<>();
    /** Live sources: from a frame's arrival to its predictions handed to the sinks (waiting included). */
    private final LatencyRecorder liveLatency = new LatencyRecorder();
    private final Map<String, Long> labelCounts = new TreeMap<>();
    private final Thread loop;
    private volatile boolean stopping;
    private ServiceRegistration<Pipeline> registration;
    private String state = "waiting";
    private long frames;
    private long faces;
    private long predictions;
    private long retries;
    private long dropped;
    private long startNanos;
    private long endNanos;
    private FaceTracker tracker;
    private FaceLandmarker trackerOwner;
    private PublishedFrames published;
    private ServiceRegistration<FrameSource> publishedRegistration;
    private PredictionFilter.PredictionSmoother smoother;
    private PredictionFilter smootherOwner;

    @Activate
    public PipelineComponent(PipelineConfig config, Map<String, Object> properties, BundleContext context,
            @Reference(name = STAGE_SOURCE) FrameSource source) {
        this.config = config;
        this.properties = properties;
        this.context = context;
        this.source = source;
        this.id = config.id() == null || config.id().isBlank() ? String.valueOf(properties.get("service.pid"))
                : config.id();
        this.loop = new Thread(this::run, "emotion-pipeline-" + id);
    }

    @Activate
    void start() {
        registration = context.registerService(Pipeline.class, this, serviceProperties());
        if (!config.publish().isBlank()) {
            published = new PublishedFrames(id);
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(FrameSource.TYPE, "published");
            props.put("emotion.source.published", config.publish());
            publishedRegistration = context.registerService(FrameSource.class, published, props);
        }
        loop.start();
    }

    @Modified
    void modified(Map<String, Object> properties) {
        // Target changes of dynamic stages are applied by DS in place (that is the hot swap); keep them for stages().
        this.properties = properties;
    }

    @Reference(name = STAGE_SINKS, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSink(PredictionSink sink) {
        sinks.add(sink);
    }

    void unbindSink(PredictionSink sink) {
        sinks.remove(sink);
        flushQuietly(sink);
    }

    /**
     * Ends the loop after the frame in hand (that frame reaches every sink and is counted; interrupting it could
     * close a sink's file channel mid-write), interrupting only a loop that is blocked (waiting for a live frame or
     * an unbound stage) after two seconds; then flushes the sinks, which are still bound.
     */
    @Deactivate
    void stop() {
        stopping = true;
        synchronized (gateLock) {
            gateLock.notifyAll();
        }
        try {
            loop.join(TimeUnit.SECONDS.toMillis(2));
            if (loop.isAlive()) {
                loop.interrupt();
                loop.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sinks.forEach(this::flushQuietly);
        for (ServiceRegistration<?> r : new ServiceRegistration<?>[] {registration, publishedRegistration}) {
            if (r != null) {
                try {
                    r.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
            }
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Map<String, String> stages() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(STAGE_SOURCE, describe(source, STAGE_SOURCE));
        boolean vision = !config.landmarks() || landmarker != null || detector != null
                || target(STAGE_LANDMARKER) != null;
        if (vision) {
            s.put(STAGE_DETECTOR, describe(detector, STAGE_DETECTOR));
            if (config.landmarks()) {
                s.put(STAGE_LANDMARKER, describe(landmarker, STAGE_LANDMARKER));
            }
        }
        s.put(STAGE_FEATURES, describe(features, STAGE_FEATURES));
        s.put(STAGE_CLASSIFIER, describe(classifier, STAGE_CLASSIFIER));
        if (config.filter()) {
            s.put(STAGE_FILTER, describe(filter, STAGE_FILTER));
        }
        List<String> sinkNames = new ArrayList<>();
        sinks.forEach(k -> sinkNames.add(name(k)));
        s.put(STAGE_SINKS, sinkNames.isEmpty() ? "none" : String.join(", ", sinkNames));
        return s;
    }

    private String describe(Object service, String stage) {
        String t = target(stage);
        return (service == null ? "unbound" : name(service)) + (t == null ? "" : "  [" + t + "]");
    }

    /** The service's own description, or its class name where it has none (never an identity hash: reports must repeat). */
    static String name(Object service) {
        String s = service.toString();
        return s.equals(service.getClass().getName() + "@" + Integer.toHexString(service.hashCode()))
                ? service.getClass().getName() : s;
    }

    private String target(String stage) {
        Object t = properties.get(stage + ".target");
        return t == null ? null : t.toString();
    }

    @Override
    public synchronized PipelineStats stats() {
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> p95 = new LinkedHashMap<>();
        latency.forEach((stage, rec) -> {
            mean.put(stage, rec.mean());
            p95.put(stage, rec.percentile(0.95));
        });
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return new PipelineStats(frames, faces, predictions, dropped, retries, startNanos == 0 ? 0 : end - startNanos,
                mean, p95, new TreeMap<>(labelCounts));
    }

    // ---- the loop -------------------------------------------------------------------------------------------

    private final Object gateLock = new Object();

    /** Waits for the start gate (config {@code start.gate}); false when the pipeline is stopped meanwhile. */
    private boolean awaitGate() throws InterruptedException {
        String filter = config.start_gate();
        if (filter == null || filter.isBlank()) {
            return true;
        }
        while (!stopping) {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences((String) null, filter);
                if (refs != null) {
                    return true;
                }
            } catch (InvalidSyntaxException e) {
                throw new StageUnavailableException("start.gate '" + filter + "' is not a valid LDAP filter: "
                        + e.getMessage());
            } catch (IllegalStateException e) {
                return false; // the bundle is stopping
            }
            synchronized (gateLock) {
                gateLock.wait(10);
            }
        }
        return false;
    }

    private void run() {
        String outcome = "finished";
        String failure = null;
        try {
            if (!awaitGate()) {
                outcome = "stopped";
                return;
            }
            setState("running", null);
            if (published != null && !published.awaitConsumer(config.stage_wait_seconds())) {
                throw new StageUnavailableException("nothing opened the analysed frames this pipeline publishes"
                        + " as '" + config.publish() + "' within " + config.stage_wait_seconds() + " s");
            }
            synchronized (this) {
                startNanos = System.nanoTime();
            }
            for (int pass = 0; pass < Math.max(1, config.loops()) && !stopping; pass++) {
                FrameStream opened = source.open();
                LatestFrame live = source.isLive() ? new LatestFrame(opened, id) : null;
                try (FrameStream stream = live != null ? live : opened) {
                    for (Frame frame; !stopping && !limitReached() && (frame = stream.next()) != null;) {
                        process(frame);
                        if (live != null) {
                            long arrivalToPrediction = System.nanoTime() - live.arrivalNanos();
                            synchronized (this) {
                                dropped = live.dropped();
                                liveLatency.add(arrivalToPrediction);
                            }
                        }
                    }
                    if (live != null) {
                        synchronized (this) {
                            dropped = live.dropped();
                        }
                    }
                }
            }
            if (stopping) {
                outcome = "stopped";
            } else if (frames() == 0) {
                throw new SourceException(source.describe() + " gave no frames: nothing was analysed; check the"
                        + " input (an empty file or folder, or a file without data rows)");
            }
        } catch (InterruptedException e) {
            outcome = "stopped";
        } catch (SourceException | StageUnavailableException e) {
            // The summary (service property, printed by launchers) carries the message: logged for debugging only.
            outcome = "failed";
            failure = e.getMessage();
            LOG.fine("pipeline " + id + ": " + e.getMessage());
        } catch (OutOfMemoryError e) {
            outcome = "failed";
            failure = "out of memory (" + e.getMessage() + ") at frame " + frames() + "; give Java more memory"
                    + " (EMOTIONLENS_JAVA_OPTS=-Xmx4g) or use a smaller input";
            LOG.fine("pipeline " + id + ": " + failure);
        } catch (RuntimeException | Error e) {
            outcome = "failed";
            failure = e.getMessage() == null ? e.toString() : e.getMessage() + " (" + e.getClass().getSimpleName() + ")";
            LOG.log(Level.FINE, "pipeline " + id + " failed: " + e, e);
        } finally {
            synchronized (this) {
                endNanos = System.nanoTime();
            }
            // Every sink must finish its output; one that cannot fails the run (an MP4 that could not be written).
            for (PredictionSink sink : sinks) {
                try {
                    sink.flush();
                } catch (RuntimeException | Error e) {
                    String message = e.getMessage() != null ? e.getMessage()
                            : "sink " + sink + " could not finish its output: " + e;
                    LOG.fine("pipeline " + id + ": " + message);
                    if (failure == null) {
                        failure = message;
                    }
                    if (!outcome.equals("stopped")) {
                        outcome = "failed";
                    }
                }
            }
            if (published != null) {
                published.end();
            }
            closeTracker();
            String summary = summary(outcome, failure);
            LOG.fine(summary); // launchers and commands print it; the log keeps it for debugging
            setState(outcome, summary);
        }
    }

    private synchronized long frames() {
        return frames;
    }

    private synchronized boolean limitReached() {
        return config.max_frames() > 0 && frames >= config.max_frames();
    }

    private void process(Frame frame) throws InterruptedException {
        Map<String, Long> times = new HashMap<>();
        List<Face> found = frame.hasPrecomputedFaces() ? frame.faces() : findFaces(frame, times);
        List<FaceResult> results = new ArrayList<>(found.size());
        List<FeatureVector> vectors = new ArrayList<>(found.size());
        List<Integer> withFeatures = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Face face = found.get(i);
            FeatureVector v = call(STAGE_FEATURES, () -> features, f -> f.extract(frame, face), times);
            if (v != null) {
                vectors.add(v);
                withFeatures.add(i);
            }
        }
        List<Prediction> predicted = vectors.isEmpty() ? List.of()
                : call(STAGE_CLASSIFIER, () -> classifier, c -> c.classify(vectors), times);
        Prediction[] byFace = new Prediction[found.size()];
        FeatureVector[] vectorByFace = new FeatureVector[found.size()];
        for (int k = 0; k < withFeatures.size(); k++) {
            byFace[withFeatures.get(k)] = predicted.get(k);
            vectorByFace[withFeatures.get(k)] = vectors.get(k);
        }
        if (config.filter()) {
            PredictionFilter.PredictionSmoother s = smoother();
            for (int i = 0; i < byFace.length; i++) {
                if (byFace[i] != null) {
                    byFace[i] = s.apply(found.get(i).trackId(), frame.timestampMicros(), byFace[i]);
                }
            }
        }
        for (int i = 0; i < found.size(); i++) {
            results.add(new FaceResult(found.get(i), vectorByFace[i], byFace[i]));
        }
        FrameResult result = new FrameResult(id, frame, results, times);
        if (published != null) {
            published.publish(analysed(frame, found, vectorByFace));
        }
        long t0 = System.nanoTime();
        for (PredictionSink sink : sinks) {
            sink.accept(result);
        }
        record(times, STAGE_SINKS, System.nanoTime() - t0);
        synchronized (this) {
            frames++;
            faces += found.size();
            for (Prediction p : byFace) {
                if (p != null) {
                    predictions++;
                    labelCounts.merge(p.label(), 1L, Long::sum);
                }
            }
            times.forEach((stage, nanos) -> latency.computeIfAbsent(stage, k -> new LatencyRecorder()).add(nanos));
        }
    }

    /** The frame with its faces as found, blendshapes attached where the feature stage computed all 52. */
    private static Frame analysed(Frame frame, List<Face> found, FeatureVector[] vectors) {
        List<Face> faces = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Face f = found.get(i);
            FeatureVector v = vectors[i];
            boolean blendshapes = v != null && f.blendshapes() == null && v.names().equals(Blendshapes.NAMES);
            faces.add(blendshapes ? f.withBlendshapes(v.values()) : f);
        }
        return new Frame(frame.sourceId(), frame.index(), frame.timestampMicros(), frame.image(), faces);
    }

    private List<Face> findFaces(Frame frame, Map<String, Long> times) throws InterruptedException {
        Image image = frame.image();
        FaceDetector timedDetector = img -> {
            try {
                return call(STAGE_DETECTOR, () -> detector, d -> d.detect(img), times);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StageClosedException("interrupted while waiting for a detector");
            }
        };
        if (!config.landmarks()) {
            List<Detection> detections = timedDetector.detect(image);
            List<Face> out = new ArrayList<>();
            for (int i = 0; i < Math.min(detections.size(), config.max_faces()); i++) {
                Detection d = detections.get(i);
                out.add(new Face(i, d.box(), d.score(), null, null, null));
            }
            return out;
        }
        while (true) {
            FaceTracker t = tracker();
            long t0 = System.nanoTime();
            long detectBefore = times.getOrDefault(STAGE_DETECTOR, 0L);
            try {
                List<Face> out = t.process(image, frame.timestampMicros(), timedDetector);
                // The landmarker's own time excludes the detector calls it made.
                record(times, STAGE_LANDMARKER, System.nanoTime() - t0
                        - (times.getOrDefault(STAGE_DETECTOR, 0L) - detectBefore));
                return out;
            } catch (StageClosedException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                countRetry(STAGE_LANDMARKER, e);
                closeTracker();
            }
        }
    }

    private FaceTracker tracker() throws InterruptedException {
        FaceLandmarker current = await(STAGE_LANDMARKER, () -> landmarker);
        if (tracker == null || trackerOwner != current) {
            closeTracker();
            tracker = current.open(new TrackerOptions(config.max_faces(), config.video()));
            trackerOwner = current;
        }
        return tracker;
    }

    private void closeTracker() {
        if (tracker != null) {
            try {
                tracker.close();
            } catch (RuntimeException e) {
                LOG.fine(() -> "closing tracker: " + e);
            }
            tracker = null;
            trackerOwner = null;
        }
    }

    private PredictionFilter.PredictionSmoother smoother() throws InterruptedException {
        PredictionFilter current = await(STAGE_FILTER, () -> filter);
        if (smoother == null || smootherOwner != current) {
            smoother = current.open();
            smootherOwner = current;
        }
        return smoother;
    }

    /** Calls a stage, waiting for it while unbound and redoing the call if the bound service shuts down meanwhile. */
    private <S, R> R call(String stage, Supplier<S> bound, Function<S, R> work, Map<String, Long> times)
            throws InterruptedException {
        while (true) {
            S service = await(stage, bound);
            long t0 = System.nanoTime();
            try {
                R r = work.apply(service);
                record(times, stage, System.nanoTime() - t0);
                return r;
            } catch (StageClosedException e) {
                countRetry(stage, e);
            }
        }
    }

    private synchronized void countRetry(String stage, StageClosedException e) {
        retries++;
        LOG.fine(() -> "pipeline " + id + ": " + stage + " closed during a call (" + e.getMessage() + "), redoing");
    }

    private static void record(Map<String, Long> times, String stage, long nanos) {
        times.merge(stage, nanos, Long::sum);
    }

    private <S> S await(String stage, Supplier<S> bound) throws InterruptedException {
        S s = bound.get();
        if (s != null) {
            return s;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.stage_wait_seconds());
        while ((s = bound.get()) == null) {
            if (stopping) {
                throw new InterruptedException();
            }
            if (System.nanoTime() > deadline) {
                String t = target(stage);
                throw new StageUnavailableException("no " + stage + " service" + (t == null ? "" : " matching "
                        + stage + ".target " + t) + " became available within " + config.stage_wait_seconds()
                        + " s; " + available(stage));
            }
            Thread.sleep(5);
        }
        return s;
    }

    private static final Map<String, String> INTERFACES = Map.of(STAGE_DETECTOR, FaceDetector.class.getName(),
            STAGE_LANDMARKER, FaceLandmarker.class.getName(), STAGE_FEATURES, FeatureExtractor.class.getName(),
            STAGE_CLASSIFIER, EmotionClassifier.class.getName(), STAGE_FILTER, PredictionFilter.class.getName());

    /** The services registered for a stage, for messages: what a target could have matched. */
    private String available(String stage) {
        String iface = INTERFACES.get(stage);
        List<String> found = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = iface == null ? null : context.getServiceReferences(iface, null);
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                List<String> props = new ArrayList<>();
                for (String k : r.getPropertyKeys()) {
                    if (k.startsWith("emotion.")) {
                        Object v = r.getProperty(k);
                        props.add(k + "=" + (v instanceof Object[] a ? java.util.Arrays.toString(a) : v));
                    }
                }
                java.util.Collections.sort(props);
                found.add("(" + String.join(", ", props) + ")");
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // no listing
        }
        return found.isEmpty() ? "no " + stage + " service is registered at all: is its bundle installed and its"
                + " configuration valid?" : "available " + stage + " services: " + String.join(", ", found);
    }

    private void flushQuietly(PredictionSink sink) {
        try {
            sink.flush();
        } catch (RuntimeException e) {
            LOG.warning("pipeline " + id + ": flushing " + sink + " failed: " + e.getMessage());
        }
    }

    // ---- state ----------------------------------------------------------------------------------------------

    private synchronized void setState(String newState, String summary) {
        state = newState;
        if (registration != null) {
            Hashtable<String, Object> props = serviceProperties();
            if (summary != null) {
                props.put(SUMMARY, summary);
            }
            try {
                registration.setProperties(props);
            } catch (IllegalStateException e) {
                // unregistered during shutdown
            }
        }
    }

    /**
     * Service properties: id, state, counters, and once the run has ended the figures a launcher reports without
     * loading API classes: frames/s, the bound stages and per-stage mean/p95 milliseconds.
     */
    private synchronized Hashtable<String, Object> serviceProperties() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ID, id);
        props.put(STATE, state);
        props.put("emotion.pipeline.frames", frames);
        props.put("emotion.pipeline.predictions", predictions);
        props.put("emotion.pipeline.dropped", dropped);
        if (endNanos != 0) {
            PipelineStats s = stats();
            props.put("emotion.pipeline.fps", s.framesPerSecond());
            props.put("emotion.pipeline.stages", stages().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
            props.put("emotion.pipeline.latency.ms", inStageOrder(s.stageMeanNanos().keySet()).stream()
                    .map(k -> String.format(Locale.ROOT, "%s=%.4f/%.4f", k, s.stageMeanNanos().get(k) / 1e6,
                            s.stageP95Nanos().get(k) / 1e6)).toArray(String[]::new));
            if (liveLatency.count() > 0) {
                props.put("emotion.pipeline.live.latency.ms", String.format(Locale.ROOT, "p50=%.4f/p95=%.4f",
                        liveLatency.percentile(0.5) / 1e6, liveLatency.percentile(0.95) / 1e6));
            }
        }
        return props;
    }

    private static final List<String> STAGE_ORDER = List.of(STAGE_SOURCE, STAGE_DETECTOR, STAGE_LANDMARKER,
            STAGE_FEATURES, STAGE_CLASSIFIER, STAGE_FILTER, STAGE_SINKS);

    /** Stages in the order frames pass them, so that summaries read the same on every run. */
    private static List<String> inStageOrder(java.util.Collection<String> stages) {
        List<String> out = new ArrayList<>(stages);
        out.sort(java.util.Comparator.comparingInt((String st) -> STAGE_ORDER.indexOf(st) < 0 ? STAGE_ORDER.size()
                : STAGE_ORDER.indexOf(st)).thenComparing(st -> st));
        return out;
    }

    private synchronized String summary(String outcome, String failure) {
        PipelineStats s = stats();
        StringBuilder b = new StringBuilder();
        b.append("pipeline ").append(id).append(' ').append(outcome).append(": ").append(s.frames())
                .append(" frames, ").append(s.faces()).append(" faces, ").append(s.predictions())
                .append(" predictions");
        if (!s.labelCounts().isEmpty()) {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(s.labelCounts()).forEach((label, n) -> parts.add(label + " " + n));
            b.append(" (").append(String.join(", ", parts)).append(')');
        }
        b.append(String.format(Locale.ROOT, " in %.2f s, %.1f frames/s", s.elapsedNanos() / 1e9, s.framesPerSecond()));
        if (!s.stageMeanNanos().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (String stage : inStageOrder(s.stageMeanNanos().keySet())) {
                parts.add(String.format(Locale.ROOT, "%s %.3f/%.3f", stage, s.stageMeanNanos().get(stage) / 1e6,
                        s.stageP95Nanos().get(stage) / 1e6));
            }
            b.append("; ms per frame mean/p95: ").append(String.join(", ", parts));
        }
        if (liveLatency.count() > 0) {
            b.append(String.format(Locale.ROOT, "; live latency from frame arrival to prediction ms p50/p95: %.3f/%.3f",
                    liveLatency.percentile(0.5) / 1e6, liveLatency.percentile(0.95) / 1e6));
        }
        if (s.dropped() > 0) {
            b.append("; ").append(s.dropped()).append(" live frames dropped (a stage was slower than the source)");
        }
        if (s.retries() > 0) {
            b.append("; ").append(s.retries()).append(" calls redone after a stage swap");
        }
        if (failure != null) {
            b.append("; error: ").append(failure);
        }
        return b.toString();
    }
}
