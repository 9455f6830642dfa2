package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.emotionlens.api.FrameResult;
import org.emotionlens.api.PredictionSink;

/**
 * The build's sink: the results of one pass's pipelines, which arrive in each pipeline's order, as journal rows
 * ({@link ItemRow}) committed to the {@link Journal} in work order a chunk at a time, with the progress line. A row
 * that arrives before the ones it follows waits here; a source asks {@link #awaitTurn} before each item so no more
 * than {@code window} items run ahead of the first missing one.
 */
final class DatasetSink implements PredictionSink {
    private final Journal journal;
    private final ItemRow rows;
    private final Progress progress;
    private final long offset;
    private final int chunk;
    private final int window;
    private final Map<Long, String> early = new HashMap<>();
    private final List<String> pending = new ArrayList<>();
    private long next;
    private long committed;
    private boolean cancelled;

    /**
     * @param done   items already in the journal: the next row to commit is number {@code done}
     * @param offset the journal number of the pass's first item (progress counts from it)
     */
    DatasetSink(Journal journal, ItemRow rows, Progress progress, long offset, long done, int chunk, int window) {
        this.journal = journal;
        this.rows = rows;
        this.progress = progress;
        this.offset = offset;
        this.next = done;
        this.committed = done;
        this.chunk = chunk;
        this.window = window;
    }

    @Override
    public synchronized void accept(FrameResult result) {
        early.put(result.frame().index(), rows.of(result));
        for (String row; (row = early.remove(next)) != null; next++) {
            pending.add(row);
        }
        if (pending.size() >= chunk) {
            commit();
        }
        notifyAll();
    }

    /** Commits the rows that follow the journal without a gap. */
    @Override
    public synchronized void flush() {
        if (!pending.isEmpty()) {
            commit();
        }
    }

    private void commit() {
        try {
            journal.commit(pending, next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pending.clear();
        committed = next;
        progress.update(committed - offset, false);
    }

    /** Waits until item {@code seq} is within the window; false when the pass was cancelled meanwhile. */
    synchronized boolean awaitTurn(long seq) throws InterruptedException {
        while (!cancelled && seq >= next + window) {
            wait();
        }
        return !cancelled;
    }

    /** Ends every wait for a turn: a pipeline failed, so the others stop taking items. */
    synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    /** Items in the journal now. */
    synchronized long committed() {
        return committed;
    }
}
