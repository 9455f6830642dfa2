package org.emotionlens.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.Emotions;
import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.ModelInfo;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The frame loop outside a framework (a stand-in BundleContext records the Pipeline service's properties), on the
 * paper's test blendshapes: every frame reaches the sinks once and in order, and every way a run can go wrong ends
 * in state "failed" with the reason in the summary instead of a "finished" that lies.
 */
class FrameLoopTest {
    static final Path TEST = Path.of(System.getProperty("emotionlens.shared", "../../../shared"))
            .resolve("data/fer2013-blendshapes/blends_test_full_set.csv");

    private final List<PipelineComponent> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(PipelineComponent::stop);
    }

    // ---- stand-ins for the framework and the stages --------------------------------------------------------

    /** The Pipeline service's properties as the loop last published them, and whether the start gate is open. */
    static final class Context {
        final Map<String, Object> props = Collections.synchronizedMap(new HashMap<>());
        final AtomicBoolean gateOpen = new AtomicBoolean();

        BundleContext proxy() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (p, m, args) -> switch (m.getName()) {
                        case "registerService" -> {
                            if (args[0] == org.emotionlens.api.Pipeline.class) {
                                copy((Dictionary<?, ?>) args[2]);
                            }
                            yield registration();
                        }
                        case "getServiceReferences" -> args[0] == null && gateOpen.get()
                                ? new ServiceReference<?>[] {(ServiceReference<?>) Proxy.newProxyInstance(
                                        getClass().getClassLoader(), new Class<?>[] {ServiceReference.class},
                                        (q, n, a) -> null)}
                                : null;
                        default -> null;
                    });
        }

        private ServiceRegistration<?> registration() {
            return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (p, m, args) -> {
                        if (m.getName().equals("setProperties")) {
                            copy((Dictionary<?, ?>) args[0]);
                        }
                        return null;
                    });
        }

        private void copy(Dictionary<?, ?> d) {
            synchronized (props) {
                props.clear();
                for (var e = d.keys(); e.hasMoreElements();) {
                    Object k = e.nextElement();
                    props.put((String) k, d.get(k));
                }
            }
        }

        String state() {
            return String.valueOf(props.get(PipelineComponent.STATE));
        }

        String summary() {
            return String.valueOf(props.get(PipelineComponent.SUMMARY));
        }
    }

    /** The paper's test rows as frames with one face and its 52 scores, like the CSV source gives them. */
    static List<Frame> rows(int n) throws Exception {
        List<Frame> frames = new ArrayList<>();
        List<String> lines = Files.readAllLines(TEST).subList(0, n);
        for (int i = 0; i < n; i++) {
            String[] c = lines.get(i).split(",");
            float[] s = new float[Blendshapes.COUNT];
            for (int k = 0; k < s.length; k++) {
                s[k] = Float.parseFloat(c[k]);
            }
            frames.add(new Frame("test", i, i * 33_333L, null, List.of(new Face(0, null, 1f, null, s, Map.of()))));
        }
        return frames;
    }

    static FrameSource source(Supplier<List<Frame>> frames, int failAt, Throwable failure) {
        return source(frames, failAt, failure, false);
    }

    static FrameSource source(Supplier<List<Frame>> frames, int failAt, Throwable failure, boolean live) {
        return new FrameSource() {
            @Override
            public String describe() {
                return "the paper's test rows";
            }

            @Override
            public boolean isLive() {
                return live;
            }

            @Override
            public FrameStream open() {
                List<Frame> list = frames.get();
                return new FrameStream() {
                    int next;

                    @Override
                    public Frame next() {
                        if (next == failAt) {
                            if (failure instanceof Error e) {
                                throw e;
                            }
                            throw (RuntimeException) failure;
                        }
                        return next < list.size() ? list.get(next++) : null;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }

    /** The scores that came with the face, none for a face without them. */
    static final FeatureExtractor REPLAY = new FeatureExtractor() {
        @Override
        public String kind() {
            return "blendshapes";
        }

        @Override
        public List<String> names() {
            return Blendshapes.NAMES;
        }

        @Override
        public FeatureVector extract(Frame frame, Face face) {
            return face.blendshapes() == null ? null
                    : new FeatureVector("blendshapes", Blendshapes.NAMES, face.blendshapes());
        }
    };

    /** A smile reader: happy as the mean of the two mouthSmile scores, the rest unknown. */
    static final class SmileClassifier implements EmotionClassifier {
        final AtomicInteger calls = new AtomicInteger();
        volatile int failAtCall = -1;
        volatile Throwable failure;

        @Override
        public ModelInfo model() {
            return new ModelInfo("smile", "blendshapes", Blendshapes.NAMES, Emotions.LABELS, "test");
        }

        @Override
        public List<Prediction> classify(List<FeatureVector> vectors) {
            if (calls.getAndIncrement() == failAtCall) {
                if (failure instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) failure;
            }
            List<Prediction> out = new ArrayList<>();
            for (FeatureVector v : vectors) {
                float happy = (v.values()[44] + v.values()[45]) / 2;
                out.add(new Prediction("smile", Emotions.LABELS, new float[] {happy, 1 - happy, 0}));
            }
            return out;
        }
    }

    static final class ListSink implements PredictionSink {
        final List<FrameResult> results = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();
        volatile RuntimeException flushFailure;
        volatile long slowNanos;
        volatile long failAtFrame = -1;

        @Override
        public void accept(FrameResult result) {
            if (result.frame().index() == failAtFrame) {
                throw new IllegalStateException("file sink: cannot write predictions.csv: No space left on device");
            }
            if (slowNanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(slowNanos);
            }
            results.add(result);
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
            if (flushFailure != null) {
                throw flushFailure;
            }
        }

        @Override
        public String toString() {
            return "list";
        }
    }

    static PipelineConfig config(Map<String, Object> values) {
        return FixedPipelineRun.config(values);
    }

    PipelineComponent pipeline(Context ctx, FrameSource source, SmileClassifier classifier, ListSink sink,
            Map<String, Object> config) throws Exception {
        Map<String, Object> values = new HashMap<>(Map.of("id", "loop", "video", false));
        values.putAll(config);
        PipelineComponent p = new PipelineComponent(config(values), Map.of("service.pid", "emotion.pipeline~loop"),
                ctx.proxy(), source);
        set(p, "features", REPLAY);
        set(p, "classifier", classifier);
        p.bindSink(sink);
        started.add(p);
        p.start();
        return p;
    }

    static void set(Object target, String field, Object value) throws Exception {
        Field f = PipelineComponent.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    static void awaitEnd(Context ctx) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!List.of("finished", "failed", "stopped").contains(ctx.state())) {
            assertThat(System.currentTimeMillis()).as("the loop ended; state " + ctx.state()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    // ---- the tests -----------------------------------------------------------------------------------------

    @Test
    void everyFrameReachesTheSinkOnceAndInOrder() throws Exception {
        List<Frame> frames = rows(1647);
        Context ctx = new Context();
        ListSink sink = new ListSink();
        pipeline(ctx, source(() -> frames, -1, null), new SmileClassifier(), sink, Map.of());
        awaitEnd(ctx);
        assertThat(ctx.state()).as(ctx.summary()).isEqualTo("finished");
        assertThat(sink.results).hasSize(1647);
        for (int i = 0; i < 1647; i++) {
            FrameResult r = sink.results.get(i);
            assertThat(r.frame()).isSameAs(frames.get(i));
            assertThat(r.faces()).hasSize(1);
            assertThat(r.faces().get(0).prediction().modelId()).isEqualTo("smile");
        }
        long happy = sink.results.stream().filter(r -> r.faces().get(0).prediction().label().equals("happy")).count();
        assertThat(ctx.summary()).startsWith("pipeline loop finished: 1647 frames, 1647 faces, 1647 predictions (happy "
                + happy + ", unknown " + (1647 - happy) + ")");
        // stages in the order frames pass them, whatever the JVM's map order
        assertThat(ctx.summary()).containsPattern("ms per frame mean/p95: features [0-9.]+/[0-9.]+, classifier "
                + "[0-9.]+/[0-9.]+, sinks ");
        assertThat(sink.flushes.get()).isPositive();
    }

    @Test
    void withClassifyOffTheClassifierIsNotCalledAndNotListed() throws Exception {
        List<Frame> frames = rows(40);
        Context ctx = new Context();
        ListSink sink = new ListSink();
        SmileClassifier smile = new SmileClassifier();
        PipelineComponent p = pipeline(ctx, source(() -> frames, -1, null), smile, sink, Map.of("classify", false));
        awaitEnd(ctx);
        assertThat(ctx.state()).as(ctx.summary()).isEqualTo("finished");
        assertThat(smile.calls.get()).isZero();
        assertThat(sink.results).hasSize(40);
        for (FrameResult r : sink.results) {
            assertThat(r.faces()).hasSize(1);
            assertThat(r.faces().get(0).features().values()).containsExactly(r.frame().faces().get(0).blendshapes());
            assertThat(r.faces().get(0).prediction()).isNull();
        }
        assertThat(p.stages()).doesNotContainKey(PipelineComponent.STAGE_CLASSIFIER);
        assertThat(ctx.summary()).startsWith("pipeline loop finished: 40 frames, 40 faces, 0 predictions");
    }

    /** A live source: the rows handed out one every periodMillis, as a camera would. */
    static FrameSource liveSource(List<Frame> frames, long periodMillis) {
        FrameSource stored = source(() -> frames, -1, null);
        return new FrameSource() {
            @Override
            public String describe() {
                return "the paper's test rows, live";
            }

            @Override
            public boolean isLive() {
                return true;
            }

            @Override
            public FrameStream open() throws org.emotionlens.api.SourceException {
                FrameStream s = stored.open();
                return new FrameStream() {
                    @Override
                    public Frame next() throws org.emotionlens.api.SourceException {
                        java.util.concurrent.locks.LockSupport.parkNanos(periodMillis * 1_000_000);
                        return s.next();
                    }

                    @Override
                    public void close() {
                        s.close();
                    }
                };
            }
        };
    }

    @Test
    void aLiveSourceGetsItsLatencyFromArrivalToPredictionWhichStaysBoundedWhenFramesAreDropped() throws Exception {
        Context ctx = new Context();
        ListSink sink = new ListSink();
        sink.slowNanos = 25_000_000; // 25 ms a frame against a frame every 10 ms: the pipeline must drop frames
        pipeline(ctx, liveSource(rows(150), 10), new SmileClassifier(), sink, Map.of());
        awaitEnd(ctx);
        assertThat(ctx.state()).as(ctx.summary()).isEqualTo("finished");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "live latency from frame arrival to prediction ms p50/p95: ([0-9.]+)/([0-9.]+)").matcher(ctx.summary());
        assertThat(m.find()).as(ctx.summary()).isTrue();
        double p50 = Double.parseDouble(m.group(1));
        double p95 = Double.parseDouble(m.group(2));
        // the slow sink runs behind its own queue, which drops the oldest result for a live source: the latency
        // to the prediction stays bounded (a growing backlog would add 15 ms a frame, over 2 s by the end)
        assertThat(p50).isPositive();
        assertThat(p95).isGreaterThanOrEqualTo(p50).isLessThan(150);
        long dropped = (Long) ctx.props.get("emotion.pipeline.dropped");
        assertThat(dropped).isPositive();
        assertThat(sink.results.size() + dropped).isEqualTo(150);
        assertThat(String.valueOf(ctx.props.get("emotion.pipeline.live.latency.ms"))).matches("p50=[0-9.]+/p95=[0-9.]+");

        Context stored = new Context();
        pipeline(stored, source(() -> uncheckedRows(20), -1, null), new SmileClassifier(), new ListSink(), Map.of());
        awaitEnd(stored);
        assertThat(stored.summary()).as("a stored source has no arrival time").doesNotContain("live latency");
    }

    @Test
    void anErrorInTheLoopFailsTheRun() throws Exception {
        Context ctx = new Context();
        SmileClassifier classifier = new SmileClassifier();
        classifier.failAtCall = 100;
        classifier.failure = new OutOfMemoryError("Java heap space");
        ListSink sink = new ListSink();
        pipeline(ctx, source(() -> uncheckedRows(300), -1, null), classifier, sink, Map.of());
        awaitEnd(ctx);
        assertThat(ctx.state()).isEqualTo("failed");
        assertThat(ctx.summary()).contains("100 frames").contains("out of memory (Java heap space) at frame 100")
                .contains("-Xmx");
        assertThat(sink.flushes.get()).as("the sinks are flushed after a failure too").isPositive();

        Context other = new Context();
        pipeline(other, source(() -> uncheckedRows(300), 50, new StackOverflowError()), new SmileClassifier(),
                new ListSink(), Map.of());
        awaitEnd(other);
        assertThat(other.state()).isEqualTo("failed");
        assertThat(other.summary()).contains("50 frames").contains("StackOverflowError");
    }

    @Test
    void aSourceWithoutFramesFailsTheRun() throws Exception {
        Context ctx = new Context();
        pipeline(ctx, source(List::of, -1, null), new SmileClassifier(), new ListSink(), Map.of());
        awaitEnd(ctx);
        assertThat(ctx.state()).isEqualTo("failed");
        assertThat(ctx.summary()).contains("the paper's test rows gave no frames");
    }

    @Test
    void aSinkThatCannotFinishItsOutputFailsTheRun() throws Exception {
        Context ctx = new Context();
        ListSink sink = new ListSink();
        sink.flushFailure = new IllegalStateException("video sink: cannot write x.mp4: the frames are 1x1 pixels");
        pipeline(ctx, source(() -> uncheckedRows(10), -1, null), new SmileClassifier(), sink, Map.of());
        awaitEnd(ctx);
        assertThat(ctx.state()).isEqualTo("failed");
        assertThat(ctx.summary()).contains("10 frames").contains("error: video sink: cannot write x.mp4");
    }

    @Test
    void noFrameIsProcessedBeforeTheStartGateOpens() throws Exception {
        Context ctx = new Context();
        ListSink sink = new ListSink();
        pipeline(ctx, source(() -> uncheckedRows(20), -1, null), new SmileClassifier(), sink,
                Map.of("start_gate", "(emotion.launcher.gate=test)"));
        Thread.sleep(300);
        assertThat(ctx.state()).isEqualTo("waiting");
        assertThat(sink.results).isEmpty();
        ctx.gateOpen.set(true);
        awaitEnd(ctx);
        assertThat(ctx.state()).isEqualTo("finished");
        assertThat(sink.results).hasSize(20);
    }

    @Test
    void stoppingMidRunEndsAfterTheFrameInHandAndCountsWhatTheSinksGot() throws Exception {
        Context ctx = new Context();
        ListSink sink = new ListSink();
        sink.slowNanos = 2_000_000; // 2 ms per frame: long enough to stop it in the middle
        PipelineComponent p = pipeline(ctx, source(() -> uncheckedRows(1647), -1, null), new SmileClassifier(), sink,
                Map.of());
        long deadline = System.currentTimeMillis() + 60_000;
        while (sink.results.size() < 20 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5); // frames flow (reading the rows takes a while on a loaded machine)
        }
        Thread.sleep(100);
        p.stop();
        started.remove(p);
        awaitEnd(ctx);
        assertThat(ctx.state()).isEqualTo("stopped");
        long frames = (Long) ctx.props.get("emotion.pipeline.frames");
        assertThat(frames).isPositive().isLessThan(1647);
        assertThat(sink.results).as("what the sinks hold is what the summary counts").hasSize((int) frames);
        assertThat(ctx.summary()).startsWith("pipeline loop stopped: " + frames + " frames");
    }

    @Test
    void slowSinksHoldAFileInputBackAndGetEveryFrameInOrder() throws Exception {
        List<Frame> frames = rows(300);
        Context ctx = new Context();
        ListSink sink = new ListSink();
        sink.slowNanos = 1_000_000;
        pipeline(ctx, source(() -> frames, -1, null), new SmileClassifier(), sink, Map.of("sink_queue", 2));
        awaitEnd(ctx);
        assertThat(ctx.state()).as(ctx.summary()).isEqualTo("finished");
        assertThat(sink.results.stream().map(FrameResult::frame).toList()).containsExactlyElementsOf(frames);
        assertThat(ctx.summary()).startsWith("pipeline loop finished: 300 frames, 300 faces, 300 predictions")
                .doesNotContain("dropped");
        assertThat(ctx.props.get("emotion.pipeline.dropped")).isEqualTo(0L);
    }

    @Test
    void slowSinksBehindALiveSourceDropFramesAndCountEveryOne() throws Exception {
        List<Frame> frames = rows(1647);
        Context ctx = new Context();
        ListSink sink = new ListSink();
        sink.slowNanos = 1_000_000;
        pipeline(ctx, source(() -> frames, -1, null, true), new SmileClassifier(), sink, Map.of("sink_queue", 2));
        awaitEnd(ctx);
        assertThat(ctx.state()).as(ctx.summary()).isEqualTo("finished");
        long counted = (Long) ctx.props.get("emotion.pipeline.frames");
        long dropped = (Long) ctx.props.get("emotion.pipeline.dropped");
        assertThat(dropped).as(ctx.summary()).isPositive();
        assertThat(counted + dropped).as("every frame of the source is either counted or dropped").isEqualTo(1647);
        assertThat(sink.results).hasSize((int) counted);
        List<Long> order = sink.results.stream().map(r -> r.frame().index()).toList();
        assertThat(order).isSorted().doesNotHaveDuplicates();
        assertThat(ctx.summary()).contains("; " + dropped + " live frames dropped");
    }

    @Test
    void aSinkThatFailsOnAFrameFailsTheRunAndTheSummaryCountsWhatItHolds() throws Exception {
        Context ctx = new Context();
        ListSink sink = new ListSink();
        sink.failAtFrame = 40;
        pipeline(ctx, source(() -> uncheckedRows(300), -1, null), new SmileClassifier(), sink, Map.of());
        awaitEnd(ctx);
        assertThat(ctx.state()).isEqualTo("failed");
        assertThat(ctx.summary()).startsWith("pipeline loop failed: 40 frames, 40 faces")
                .contains("error: file sink: cannot write predictions.csv: No space left on device"
                        + " (IllegalStateException)");
        assertThat(sink.results).hasSize(40);
        assertThat(sink.flushes.get()).isPositive();
    }

    static List<Frame> uncheckedRows(int n) {
        try {
            return rows(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
