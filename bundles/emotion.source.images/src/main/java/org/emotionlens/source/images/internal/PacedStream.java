package org.emotionlens.source.images.internal;

import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;

/**
 * Hands out frames in real time, frame i at start + i / fps with timestamp i / fps, like a camera: for measuring
 * latency from frame arrival to prediction on stored media. A frame read late is handed out at once (never bunched).
 */
final class PacedStream implements FrameStream {
    private final FrameStream source;
    private final double fps;
    private long start;
    private long index;

    PacedStream(FrameStream source, double fps) {
        this.source = source;
        this.fps = fps;
    }

    @Override
    public Frame next() throws SourceException {
        Frame f = source.next();
        if (f == null) {
            return null;
        }
        long now = System.nanoTime();
        if (index == 0) {
            start = now;
        }
        long due = start + Math.round(index * 1e9 / fps);
        if (due > now) {
            try {
                Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        long timestamp = Math.round(index * 1e6 / fps);
        index++;
        return new Frame(f.sourceId(), f.index(), timestamp, f.image(), f.faces(), f.metadata());
    }

    @Override
    public void close() {
        source.close();
    }
}
