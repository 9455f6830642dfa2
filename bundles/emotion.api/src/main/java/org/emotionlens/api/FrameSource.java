package org.emotionlens.api;

/**
 * A producer of frames: a file, a camera, a stream, an image folder, a feature replay. A source service may be
 * opened several times; each {@link #open()} gives an independent stream positioned at the start.
 */
public interface FrameSource {
    /** Service property naming the source variant, e.g. {@code csv}, {@code video}. */
    String TYPE = "emotion.source.type";

    /** A human-readable description of what this source reads. */
    String describe();

    /** Whether the source never ends by itself (camera, network stream). */
    boolean isLive();

    /** Opens a new stream from the start. */
    FrameStream open() throws SourceException;
}
