package org.emotionlens.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Decoding ahead on the paper's test rows: every frame in order, at most the given number ahead, failures in place. */
class AheadFramesTest {

    /** The rows as a stream that counts how far it was read and can fail after a number of frames. */
    static final class Rows implements FrameStream {
        final List<Frame> frames;
        final AtomicInteger read = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final int failAt;

        Rows(List<Frame> frames, int failAt) {
            this.frames = frames;
            this.failAt = failAt;
        }

        @Override
        public Frame next() throws SourceException {
            int i = read.get();
            if (i == failAt) {
                throw new SourceException("rows.csv line " + (i + 2) + ": 51 scores, 52 expected");
            }
            if (i >= frames.size()) {
                return null;
            }
            read.incrementAndGet();
            return frames.get(i);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void everyFrameArrivesInOrderWithAtMostTwoDecodedAhead() throws Exception {
        Rows rows = new Rows(FrameLoopTest.rows(500), -1);
        List<Frame> got = new ArrayList<>();
        try (AheadFrames ahead = new AheadFrames(rows, 2, "t")) {
            Thread.sleep(200);
            // two queued and, at most, one in the reader's hands waiting for room
            assertThat(rows.read.get()).isBetween(2, 3);
            for (Frame f; (f = ahead.next()) != null;) {
                got.add(f);
                assertThat(rows.read.get() - got.size()).isLessThanOrEqualTo(3);
            }
            assertThat(ahead.next()).as("the end stays the end").isNull();
        }
        assertThat(got).containsExactlyElementsOf(rows.frames);
        assertThat(rows.closed).isTrue();
    }

    @Test
    void aSourceFailureArrivesAfterTheFramesBeforeIt() throws Exception {
        Rows rows = new Rows(FrameLoopTest.rows(100), 30);
        try (AheadFrames ahead = new AheadFrames(rows, 2, "t")) {
            for (int i = 0; i < 30; i++) {
                assertThat(ahead.next()).isSameAs(rows.frames.get(i));
            }
            assertThatThrownBy(ahead::next).isInstanceOf(SourceException.class)
                    .hasMessage("rows.csv line 32: 51 scores, 52 expected");
        }
    }

    @Test
    void closingEarlyStopsTheReaderBeforeClosingTheSource() throws Exception {
        Rows rows = new Rows(FrameLoopTest.rows(1000), -1);
        AheadFrames ahead = new AheadFrames(rows, 2, "t");
        assertThat(ahead.next()).isSameAs(rows.frames.get(0));
        ahead.close();
        int read = rows.read.get();
        assertThat(rows.closed).isTrue();
        Thread.sleep(50);
        assertThat(rows.read.get()).as("nothing read after close").isEqualTo(read).isLessThan(10);
    }
}
