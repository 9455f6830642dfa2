package org.emotionlens.pipeline.internal;

import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.Pipeline;
import org.emotionlens.api.PipelineStats;
import org.emotionlens.api.PredictionFilter;
import org.emotionlens.api.PredictionSink;
import org.osgi.framework.BundleContext;
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
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One pipeline variant as a component: binds its stages, registers the {@link Pipeline} service and runs a
 * {@link FrameLoop} on a thread of its own. The source is static (a new source is a new run); every other stage is a
 * dynamic greedy reference, so a better-ranked or re-targeted provider replaces the bound one while frames flow
 * ({@link StageCalls} makes that lose or repeat no frame).
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
    static final String STAGE_SINKS = RunMetrics.STAGE_SINKS;

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
    private final RunMetrics metrics = new RunMetrics();
    private final StartGate gate;
    private final Thread loop;
    private volatile boolean stopping;
    private ServiceRegistration<Pipeline> registration;
    private String state = "waiting";
    private PublishedFrames published;
    private ServiceRegistration<FrameSource> publishedRegistration;

    @Activate
    public PipelineComponent(PipelineConfig config, Map<String, Object> properties, BundleContext context,
            @Reference(name = STAGE_SOURCE) FrameSource source) {
        this.config = config;
        this.properties = properties;
        this.context = context;
        this.source = source;
        this.id = config.id() == null || config.id().isBlank() ? String.valueOf(properties.get("service.pid"))
                : config.id();
        this.gate = new StartGate(context, config.start_gate(), () -> stopping);
        FrameAnalysis.keepRejected(config); // a wrong value fails the activation, not the first frame
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

    private void run() {
        StageCalls calls = new StageCalls(id, config.stage_wait_seconds(), () -> stopping, this::target,
                stage -> StageListing.available(context, stage), metrics);
        BoundStages bound = new BoundStages(() -> detector, () -> landmarker, () -> features, () -> classifier,
                () -> filter);
        new FrameLoop(id, config, source, gate, new FrameAnalysis(id, config, bound, calls), published, sinks,
                metrics, () -> stopping, this::setState).run();
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
     * Ends the loop after the frame in hand (that frame and those queued for the sinks reach every sink and are
     * counted; the sinks' thread is never interrupted, which could close a file channel mid-write), interrupting only
     * a loop that is blocked (waiting for a live frame or an unbound stage) after two seconds; then flushes the
     * sinks, which are still bound.
     */
    @Deactivate
    void stop() {
        stopping = true;
        gate.wake();
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
        if (config.classify()) {
            s.put(STAGE_CLASSIFIER, describe(classifier, STAGE_CLASSIFIER));
        }
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
    public PipelineStats stats() {
        return metrics.stats();
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
        props.put("emotion.pipeline.frames", metrics.frames());
        props.put("emotion.pipeline.predictions", metrics.predictions());
        props.put("emotion.pipeline.dropped", metrics.dropped());
        if (metrics.hasEnded()) {
            PipelineStats s = metrics.stats();
            props.put("emotion.pipeline.fps", s.framesPerSecond());
            props.put("emotion.pipeline.stages", stages().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
            props.put("emotion.pipeline.latency.ms", RunMetrics.latencyProperty(s));
            String live = metrics.liveLatencyProperty();
            if (live != null) {
                props.put("emotion.pipeline.live.latency.ms", live);
            }
        }
        return props;
    }
}
