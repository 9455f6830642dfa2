package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Work items through {@link ItemAnalysis} on worker threads (one analysis, so one tracker, per thread), their rows
 * committed to the {@link Journal} in work order a chunk at a time, until the items or the {@code --stop-after}
 * budget run out.
 */
final class AnalysisRun implements AutoCloseable {
    private final Journal journal;
    private final PrintStream err;
    private final int threads;
    private final List<ItemAnalysis> opened = Collections.synchronizedList(new ArrayList<>());
    private final ThreadLocal<ItemAnalysis> local;
    private final ExecutorService pool;
    private long budget;

    /**
     * @param analyses opens a worker's analysis
     * @param budget   work items this run may do (negative: no limit)
     */
    AnalysisRun(Supplier<ItemAnalysis> analyses, int threads, long budget, Journal journal, PrintStream err) {
        this.journal = journal;
        this.err = err;
        this.threads = threads;
        this.budget = budget < 0 ? Long.MAX_VALUE : budget;
        this.local = ThreadLocal.withInitial(() -> {
            ItemAnalysis a = analyses.get();
            opened.add(a);
            return a;
        });
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dataset-worker");
            t.setDaemon(true);
            return t;
        });
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
        int chunk = Math.max(8, threads * 16);
        while (done < end && budget > 0) {
            int from = (int) (done - offset);
            int to = (int) Math.min(items.size(), from + Math.min(chunk, budget)); // budget may be Long.MAX_VALUE
            List<Future<String>> futures = new ArrayList<>();
            for (int i = from; i < to; i++) {
                WorkItem it = items.get(i);
                long seq = offset + i;
                futures.add(pool.submit(() -> local.get().row(seq, it)));
            }
            List<String> rows = new ArrayList<>(futures.size());
            for (Future<String> f : futures) {
                rows.add(get(f));
            }
            done += to - from;
            budget -= to - from;
            journal.commit(rows, done);
            bar.update(done - offset, false);
        }
        bar.finish(done - offset);
        return done;
    }

    private static String get(Future<String> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Stops the workers and closes their analyses. */
    @Override
    public void close() {
        pool.shutdownNow();
        for (ItemAnalysis a : opened) {
            a.close();
        }
    }
}
