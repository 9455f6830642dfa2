package org.emotionlens.dataset.internal;

import java.util.List;

import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;

/**
 * One slice of a pass's work items as frames ({@link ItemFrames}): items {@code first}, {@code first + stride}, ...
 * below {@code end} (numbered as in the journal), so that {@code stride} pipelines share the pass. Each item waits
 * for its turn at the sink ({@link DatasetSink#awaitTurn}), which bounds the rows the sink holds out of order.
 */
final class DatasetSource implements FrameSource {
    private final ItemFrames frames;
    private final List<WorkItem> items;
    private final long offset;
    private final long first;
    private final long end;
    private final int stride;
    private final DatasetSink sink;

    /** @param offset the journal number of {@code items.get(0)} */
    DatasetSource(ItemFrames frames, List<WorkItem> items, long offset, long first, long end, int stride,
            DatasetSink sink) {
        this.frames = frames;
        this.items = items;
        this.offset = offset;
        this.first = first;
        this.end = end;
        this.stride = stride;
        this.sink = sink;
    }

    @Override
    public String describe() {
        return "data-set work items " + first + ", " + (first + stride) + ", ... below " + end;
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public FrameStream open() {
        return new FrameStream() {
            private long next = first;

            @Override
            public Frame next() {
                if (next >= end) {
                    return null;
                }
                try {
                    if (!sink.awaitTurn(next)) {
                        return null; // the pass was cancelled: another pipeline failed
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the pipeline is closing its reader
                    return null;
                }
                long seq = next;
                next += stride;
                return frames.frame(seq, items.get((int) (seq - offset)));
            }

            @Override
            public long expectedFrames() {
                return Math.max(0, (end - first + stride - 1) / stride);
            }

            @Override
            public void close() {
            }
        };
    }
}
