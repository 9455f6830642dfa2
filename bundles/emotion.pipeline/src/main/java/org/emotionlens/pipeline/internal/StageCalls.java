package org.emotionlens.pipeline.internal;

import org.emotionlens.api.StageClosedException;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Calls into dynamic stages: waits while a stage is unbound (a swap in progress) up to the configured time, redoes a
 * call whose service was shut down meanwhile, and times each call. This is what makes a hot swap lose or repeat no
 * frame.
 */
final class StageCalls {
    private static final Logger LOG = Logger.getLogger(PipelineComponent.PID);

    private final String pipeline;
    private final int waitSeconds;
    private final BooleanSupplier stopping;
    private final Function<String, String> target;
    private final Function<String, String> available;
    private final RunMetrics metrics;
    private final boolean redoClosed;

    /**
     * @param target    a stage's configured target filter, or null
     * @param available for messages: the services a stage's target could have matched
     */
    StageCalls(String pipeline, int waitSeconds, BooleanSupplier stopping, Function<String, String> target,
            Function<String, String> available, RunMetrics metrics) {
        this(pipeline, waitSeconds, stopping, target, available, metrics, true);
    }

    private StageCalls(String pipeline, int waitSeconds, BooleanSupplier stopping, Function<String, String> target,
            Function<String, String> available, RunMetrics metrics, boolean redoClosed) {
        this.pipeline = pipeline;
        this.waitSeconds = waitSeconds;
        this.stopping = stopping;
        this.target = target;
        this.available = available;
        this.metrics = metrics;
        this.redoClosed = redoClosed;
    }

    /**
     * Calls into services that are given rather than bound: nothing replaces one that shuts down, so its
     * {@link StageClosedException} fails the call instead of being redone.
     */
    static StageCalls fixed(String name) {
        return new StageCalls(name, 0, () -> false, stage -> null, stage -> "the " + stage + " was given, not bound",
                new RunMetrics(), false);
    }

    /** Calls a stage, waiting for it while unbound and redoing the call if the bound service shuts down meanwhile. */
    <S, R> R call(String stage, Supplier<S> bound, Function<S, R> work, Map<String, Long> times)
            throws InterruptedException {
        while (true) {
            S service = await(stage, bound);
            long t0 = System.nanoTime();
            try {
                R r = work.apply(service);
                record(times, stage, System.nanoTime() - t0);
                return r;
            } catch (StageClosedException e) {
                retried(stage, e);
            }
        }
    }

    /** The bound service, waiting up to the configured time while there is none. */
    <S> S await(String stage, Supplier<S> bound) throws InterruptedException {
        S s = bound.get();
        if (s != null) {
            return s;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while ((s = bound.get()) == null) {
            if (stopping.getAsBoolean()) {
                throw new InterruptedException();
            }
            if (System.nanoTime() > deadline) {
                String t = target.apply(stage);
                throw new StageUnavailableException("no " + stage + " service" + (t == null ? "" : " matching "
                        + stage + ".target " + t) + " became available within " + waitSeconds + " s; "
                        + available.apply(stage));
            }
            Thread.sleep(5);
        }
        return s;
    }

    /** Counts a call to redo after its service shut down; rethrows where nothing rebinds the stage. */
    void retried(String stage, StageClosedException e) {
        if (!redoClosed) {
            throw e;
        }
        metrics.retried();
        LOG.fine(() -> "pipeline " + pipeline + ": " + stage + " closed during a call (" + e.getMessage()
                + "), redoing");
    }

    static void record(Map<String, Long> times, String stage, long nanos) {
        times.merge(stage, nanos, Long::sum);
    }
}
