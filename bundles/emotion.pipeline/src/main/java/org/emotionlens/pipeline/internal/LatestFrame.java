package org.emotionlens.pipeline.internal;

import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;

/**
 * For live sources: a reader thread keeps taking frames from the source at its own pace and holds only the latest;
 * the pipeline takes whatever is latest when it is ready. A frame replaced before the pipeline took it is dropped
 * and counted, so latency stays at one frame however slow a stage is.
 */
final class LatestFrame implements FrameStream {
    private final FrameStream source;
    private final Thread reader;
    private Frame latest;
    private long latestArrival;
    private long takenArrival;
    private boolean ended;
    private SourceException failure;
    private long dropped;

    LatestFrame(FrameStream source, String name) {
        this.source = source;
        this.reader = new Thread(this::read, "emotion-live-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void read() {
        try {
            for (Frame f; !Thread.currentThread().isInterrupted() && (f = source.next()) != null;) {
                synchronized (this) {
                    if (latest != null) {
                        dropped++;
                    }
                    latest = f;
                    latestArrival = System.nanoTime();
                    notifyAll();
                }
            }
        } catch (SourceException e) {
            synchronized (this) {
                failure = e;
            }
        } catch (RuntimeException | Error e) {
            // A reader that dies must not look like the end of the stream.
            synchronized (this) {
                failure = new SourceException("reading the live source failed: " + e, e);
            }
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    @Override
    public synchronized Frame next() throws SourceException {
        while (latest == null && !ended) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        Frame f = latest;
        latest = null;
        takenArrival = latestArrival;
        if (f == null && failure != null) {
            throw failure;
        }
        return f;
    }

    /** When the source delivered the frame {@link #next()} returned last ({@link System#nanoTime()}). */
    synchronized long arrivalNanos() {
        return takenArrival;
    }

    /** Frames the source delivered that the pipeline never took. */
    synchronized long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        reader.interrupt();
        source.close();
    }
}
