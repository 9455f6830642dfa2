package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.emotionlens.api.TrackerOptions;
import org.emotionlens.pipeline.FixedPipeline;

/**
 * A pass of work items as pipeline runs: {@code threads} pipelines ({@link FixedPipeline}: the detector, the
 * landmarker's tracker in IMAGE mode with one face, the build's feature stage, no classifier), each reading every
 * {@code threads}-th item ({@link DatasetSource}) into one {@link DatasetSink} that commits the rows to the
 * {@link Journal} in work order, until the items or the {@code --stop-after} budget run out.
 */
final class AnalysisRun {
    private static final TrackerOptions IMAGE_MODE_ONE_FACE = new TrackerOptions(1, false);
    /** Items a pipeline may run ahead of the first row the sink still waits for. */
    private static final int WINDOW = 512;

    private final FixedPipeline.Stages stages;
    private final ItemFrames frames;
    private final ItemRow rows;
    private final Journal journal;
    private final PrintStream err;
    private final int threads;
    private long budget;

    /** @param budget work items this run may do (negative: no limit) */
    AnalysisRun(FixedPipeline.Stages stages, ItemFrames frames, ItemRow rows, int threads, long budget,
            Journal journal, PrintStream err) {
        this.stages = stages;
        this.frames = frames;
        this.rows = rows;
        this.journal = journal;
        this.err = err;
        this.threads = threads;
        this.budget = budget < 0 ? Long.MAX_VALUE : budget;
    }

    /**
     * Processes {@code items[done - offset ..]}, the items numbered from {@code offset} in the journal; returns the
     * new count of finished items (less than {@code offset + items.size()} when the budget ran out).
     */
    long process(List<WorkItem> items, long offset, long done, String what) throws IOException {
        long end = offset + items.size();
        if (done >= end) {
            return done;
        }
        Progress bar = new Progress(err, what, done - offset, items.size());
        long to = budget >= end - done ? end : done + budget;
        if (to > done) {
            run(items, offset, done, to, bar);
            budget -= to - done;
            done = to;
        }
        bar.finish(done - offset);
        return done;
    }

    /** Items {@code from} to {@code to} (exclusive) through the pipelines, each on a thread of its own. */
    private void run(List<WorkItem> items, long offset, long from, long to, Progress bar) throws IOException {
        DatasetSink sink = new DatasetSink(journal, rows, bar, offset, from, Math.max(8, threads * 16), WINDOW);
        int pipelines = (int) Math.min(threads, to - from);
        AtomicBoolean failed = new AtomicBoolean();
        FixedPipeline.Outcome[] outcomes = new FixedPipeline.Outcome[pipelines];
        List<Thread> running = new ArrayList<>();
        for (int k = 0; k < pipelines; k++) {
            int slice = k;
            DatasetSource source = new DatasetSource(frames, items, offset, from + k, to, pipelines, sink);
            Thread t = new Thread(() -> {
                try {
                    outcomes[slice] = FixedPipeline.run("dataset-" + (slice + 1), source, stages,
                            IMAGE_MODE_ONE_FACE, List.of(sink), failed::get);
                } catch (RuntimeException | Error e) {
                    outcomes[slice] = new FixedPipeline.Outcome("failed", String.valueOf(e), e);
                }
                if (!outcomes[slice].finished()) {
                    failed.set(true);
                    sink.cancel();
                }
            }, "dataset-pipeline-" + (slice + 1));
            t.setDaemon(true);
            t.start();
            running.add(t);
        }
        for (Thread t : running) {
            try {
                t.join();
            } catch (InterruptedException e) {
                failed.set(true);
                sink.cancel();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        for (FixedPipeline.Outcome o : outcomes) {
            if (o.state().equals("failed")) {
                throw failure(o);
            }
        }
        sink.flush();
        if (sink.committed() != to) {
            throw new IllegalStateException("the pipelines gave " + (sink.committed() - from) + " of the " + (to - from)
                    + " work items " + from + " to " + to);
        }
    }

    /** What a failed pipeline threw, as the build's own workers threw it. */
    private static IOException failure(FixedPipeline.Outcome o) {
        Throwable t = o.failure();
        if (t instanceof UncheckedIOException e) {
            return e.getCause();
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(o.summary(), t);
    }
}
