package org.emotionlens.pipeline.internal;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.emotionlens.api.FrameSource;
import org.emotionlens.api.PredictionSink;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.pipeline.FixedPipeline;

/**
 * {@link FixedPipeline}'s run: a {@link FrameLoop} with its {@link FrameAnalysis} on the given services, configured
 * as a pipeline component would be by these properties (every other setting at its {@link PipelineConfig} default),
 * with no start gate and nothing published.
 */
public final class FixedPipelineRun {
    private FixedPipelineRun() {
    }

    public static FixedPipeline.Outcome run(String id, FrameSource source, FixedPipeline.Stages stages,
            TrackerOptions options, List<PredictionSink> sinks, BooleanSupplier stopping) {
        PipelineConfig config = config(Map.of("id", id, "max_faces", options.maxFaces(), "video", options.video(),
                "landmarks", stages.landmarker() != null, "classify", stages.classifier() != null,
                "rejected_faces", options.keepRejected() ? "box" : "drop"));
        BoundStages bound = new BoundStages(stages::detector, stages::landmarker, stages::features,
                stages::classifier, () -> null);
        AtomicReference<String[]> ended = new AtomicReference<>();
        FrameLoop loop = new FrameLoop(id, config, source, new StartGate(null, "", stopping),
                new FrameAnalysis(id, config, bound, StageCalls.fixed(id)), null, sinks, new RunMetrics(), stopping,
                (state, summary) -> ended.set(new String[] {state, summary}));
        loop.run();
        return new FixedPipeline.Outcome(ended.get()[0], ended.get()[1], loop.cause());
    }

    /** The configuration DS would give a pipeline component with these properties: the declared defaults for the rest. */
    static PipelineConfig config(Map<String, Object> values) {
        return (PipelineConfig) Proxy.newProxyInstance(PipelineConfig.class.getClassLoader(),
                new Class<?>[] {PipelineConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "PipelineConfig" + values;
                        };
                    }
                    return method.getName().equals("annotationType") ? PipelineConfig.class
                            : values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
