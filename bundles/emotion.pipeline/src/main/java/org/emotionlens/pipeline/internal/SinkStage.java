package org.emotionlens.pipeline.internal;

import org.emotionlens.api.FrameResult;
import org.emotionlens.api.PredictionSink;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The sinks on a thread of their own behind a bounded queue, so that encoding and writing overlap the analysis of
 * the next frames. One thread hands every result to every sink in frame order. A full queue holds the loop back
 * (file inputs: no frame is lost) or, for live sources, gives up its oldest result, counted as dropped. A frame is
 * counted in the run's metrics once every sink has taken it, so the summary counts what the outputs hold. The first
 * failure of a sink stops delivery and is thrown to the loop at its next hand-over.
 */
final class SinkStage {
    private final List<PredictionSink> sinks;
    private final int capacity;
    private final boolean dropOldest;
    private final RunMetrics metrics;
    private final ArrayDeque<FrameResult> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean closed;
    private Throwable failure;
    private long dropped;

    /**
     * @param sinks      the bound sinks (a live view: sinks bound or unbound meanwhile take effect at the next frame)
     * @param capacity   results held at most
     * @param dropOldest give up the oldest result when full instead of waiting (live sources)
     */
    SinkStage(String pipeline, List<PredictionSink> sinks, int capacity, boolean dropOldest, RunMetrics metrics) {
        this.sinks = sinks;
        this.capacity = Math.max(1, capacity);
        this.dropOldest = dropOldest;
        this.metrics = metrics;
        this.thread = new Thread(this::deliver, "emotion-sinks-" + pipeline);
        this.thread.start();
    }

    /** Queues a frame's result, waiting while the queue is full unless it drops the oldest; throws a sink's failure. */
    synchronized void submit(FrameResult result) throws InterruptedException {
        rethrow();
        while (queue.size() >= capacity) {
            if (dropOldest) {
                queue.poll();
                dropped++;
                break;
            }
            wait();
            rethrow();
        }
        queue.add(result);
        notifyAll();
    }

    private void rethrow() {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private void deliver() {
        while (true) {
            FrameResult r;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // nobody interrupts this thread on purpose: an output cut short would lie
                    }
                }
                r = queue.poll();
                notifyAll();
            }
            if (r == null) {
                return; // closed and drained
            }
            long t0 = System.nanoTime();
            try {
                for (PredictionSink sink : sinks) {
                    sink.accept(r);
                }
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    failure = e;
                    queue.clear();
                    notifyAll();
                }
                return;
            }
            metrics.delivered(r, System.nanoTime() - t0);
        }
    }

    /**
     * Waits until every queued result reached the sinks (even when interrupted: the summary must count what the outputs
     * hold, and the caller flushes them next) and ends the thread.
     *
     * @return the failure of a sink, or null
     */
    Throwable finish() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        Threads.joinUninterruptibly(thread);
        synchronized (this) {
            return failure;
        }
    }

    /** Results given up because the sinks were behind a live source. */
    synchronized long dropped() {
        return dropped;
    }
}
