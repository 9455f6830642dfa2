package org.emotionlens.pipeline.internal;

import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * For file inputs: a reader thread decodes the next frames while the loop analyses the current one, holding at most
 * {@code ahead} of them (it waits when they are not taken: no frame is dropped). The source's end and its failure
 * reach the loop in order, after every frame read before them. Only the reader calls the source until it has
 * ended; closing stops it first, then closes the source.
 */
final class AheadFrames implements FrameStream {
    /** What the reader put last: the end of the stream, or why it failed. */
    private record End(Throwable failure) {
    }

    private final FrameStream source;
    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private volatile boolean closing;
    private boolean ended;

    AheadFrames(FrameStream source, int ahead, String name) {
        this.source = source;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, ahead));
        this.reader = new Thread(this::read, "emotion-decode-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void read() {
        Throwable failure = null;
        try {
            for (Frame f; !closing && (f = source.next()) != null;) {
                queue.put(f);
            }
        } catch (InterruptedException e) {
            return; // closed: nobody reads any more
        } catch (SourceException | RuntimeException | Error e) {
            failure = e;
        }
        try {
            queue.put(new End(failure));
        } catch (InterruptedException e) {
            // closed meanwhile
        }
    }

    @Override
    public Frame next() throws SourceException {
        if (ended) {
            return null;
        }
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (o instanceof End end) {
            ended = true;
            Throwable t = end.failure();
            if (t instanceof SourceException e) {
                throw e;
            }
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            return null;
        }
        return (Frame) o;
    }

    /** Stops the reader (after the frame it is decoding) and closes the source. */
    @Override
    public void close() {
        closing = true;
        reader.interrupt();
        Threads.joinUninterruptibly(reader);
        source.close();
    }
}
