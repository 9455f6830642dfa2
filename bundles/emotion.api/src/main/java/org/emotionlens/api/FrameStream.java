package org.emotionlens.api;

/** One pass over a source. Not thread-safe: one consumer. */
public interface FrameStream extends AutoCloseable {
    /**
     * The next frame, or null at end of input. Live sources block until a frame arrives.
     *
     * @throws SourceException when the input is broken (corrupt file, lost device); the message says what and where
     */
    Frame next() throws SourceException;

    /** Frames known to the source so far (-1 when unknown), for progress reports. */
    default long expectedFrames() {
        return -1;
    }

    @Override
    void close();
}
