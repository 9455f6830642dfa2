package org.emotionlens.pipeline.internal;

import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.PredictionSink;
import org.emotionlens.api.SourceException;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The run of one pipeline: waits for the start gate (and the consumer of its published frames), reads the source
 * once per pass (a file input decoded ahead on a thread of its own, a live one through its latest frame), analyses
 * each frame and hands the result to the sink stage; at the end, whatever happened, every queued result reaches the
 * sinks, every sink is flushed and the outcome is reported with a summary. An exception or {@link Error} anywhere
 * (a stage, a sink, the source) ends the run "failed" with one line saying why.
 */
final class FrameLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(PipelineComponent.PID);

    private final String id;
    private final PipelineConfig config;
    private final FrameSource source;
    private final StartGate gate;
    private final FrameAnalysis analysis;
    private final PublishedFrames published;
    private final List<PredictionSink> sinks;
    private final RunMetrics metrics;
    private final BooleanSupplier stopping;
    private final BiConsumer<String, String> state;
    private volatile Throwable cause;

    /**
     * @param published where analysed frames are offered to another pipeline, or null
     * @param sinks     the bound sinks (a live view)
     * @param state     told the state ("running", then the outcome) and, with the outcome, the summary
     */
    FrameLoop(String id, PipelineConfig config, FrameSource source, StartGate gate, FrameAnalysis analysis,
            PublishedFrames published, List<PredictionSink> sinks, RunMetrics metrics, BooleanSupplier stopping,
            BiConsumer<String, String> state) {
        this.id = id;
        this.config = config;
        this.source = source;
        this.gate = gate;
        this.analysis = analysis;
        this.published = published;
        this.sinks = sinks;
        this.metrics = metrics;
        this.stopping = stopping;
        this.state = state;
    }

    @Override
    public void run() {
        String outcome = "finished";
        Throwable thrown = null;
        SinkStage sinkStage = null;
        LatestFrame live = null;
        long sourceDropped = 0; // by the live sources of earlier passes
        try {
            if (!gate.await()) {
                outcome = "stopped";
                return;
            }
            state.accept("running", null);
            if (published != null && !published.awaitConsumer(config.stage_wait_seconds())) {
                throw new StageUnavailableException("nothing opened the analysed frames this pipeline publishes"
                        + " as '" + config.publish() + "' within " + config.stage_wait_seconds() + " s");
            }
            metrics.started();
            sinkStage = new SinkStage(id, sinks, config.sink_queue(), source.isLive(), metrics);
            long analysed = 0;
            for (int pass = 0; pass < Math.max(1, config.loops()) && !stopping.getAsBoolean(); pass++) {
                FrameStream opened = source.open();
                live = source.isLive() ? new LatestFrame(opened, id) : null;
                FrameStream ahead = live == null && config.source_ahead() > 0
                        ? new AheadFrames(opened, config.source_ahead(), id) : opened;
                try (FrameStream stream = live != null ? live : ahead) {
                    for (Frame frame; !stopping.getAsBoolean() && !limitReached(analysed)
                            && (frame = stream.next()) != null;) {
                        FrameAnalysis.Analysed a = analysis.analyse(frame);
                        if (live != null) {
                            metrics.liveLatency(System.nanoTime() - live.arrivalNanos());
                        }
                        if (published != null) {
                            published.publish(a.frame());
                        }
                        sinkStage.submit(a.result());
                        analysed++;
                        metrics.dropped(sourceDropped + (live == null ? 0 : live.dropped()) + sinkStage.dropped());
                    }
                    sourceDropped += live == null ? 0 : live.dropped();
                    live = null;
                }
            }
            if (stopping.getAsBoolean()) {
                outcome = "stopped";
            } else if (analysed == 0) {
                throw new SourceException(source.describe() + " gave no frames: nothing was analysed; check the"
                        + " input (an empty file or folder, or a file without data rows)");
            }
        } catch (InterruptedException e) {
            outcome = "stopped";
        } catch (SourceException | RuntimeException | Error e) {
            thrown = e;
        } finally {
            end(outcome, thrown, sinkStage, sourceDropped + (live == null ? 0 : live.dropped()));
        }
    }

    /**
     * Whatever ended the run: every queued result reaches the sinks, every sink is flushed (one that cannot finish its
     * output, such as an MP4 that could not be written, fails the run) and the outcome is reported with the summary.
     */
    private void end(String outcome, Throwable thrown, SinkStage sinkStage, long sourceDropped) {
        if (sinkStage != null) {
            Throwable sinkFailure = sinkStage.finish();
            thrown = thrown != null ? thrown : sinkFailure;
            metrics.dropped(sourceDropped + sinkStage.dropped());
        }
        metrics.ended();
        this.cause = thrown;
        String failure = thrown == null ? null : describe(thrown, metrics.frames());
        if (failure != null) {
            outcome = "failed";
        }
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
        analysis.close();
        String summary = metrics.summary(id, outcome, failure);
        LOG.fine(summary); // launchers and commands print it; the log keeps it for debugging
        state.accept(outcome, summary);
    }

    /** What made the run fail (a stage, the source or a sink), once it has ended; null if nothing threw. */
    Throwable cause() {
        return cause;
    }

    private boolean limitReached(long analysed) {
        return config.max_frames() > 0 && analysed >= config.max_frames();
    }

    /** The one-line reason a run failed; the summary (printed by launchers) carries it, the log only for debugging. */
    private String describe(Throwable e, long frames) {
        String failure;
        if (e instanceof SourceException || e instanceof StageUnavailableException) {
            failure = e.getMessage();
            LOG.fine("pipeline " + id + ": " + failure);
        } else if (e instanceof OutOfMemoryError) {
            failure = "out of memory (" + e.getMessage() + ") at frame " + frames + "; give Java more memory"
                    + " (EMOTIONLENS_JAVA_OPTS=-Xmx4g) or use a smaller input";
            LOG.fine("pipeline " + id + ": " + failure);
        } else {
            failure = e.getMessage() == null ? e.toString() : e.getMessage() + " (" + e.getClass().getSimpleName() + ")";
            LOG.log(Level.FINE, "pipeline " + id + " failed: " + e, e);
        }
        return failure;
    }
}
