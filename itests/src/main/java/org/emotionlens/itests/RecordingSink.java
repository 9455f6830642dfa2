package org.emotionlens.itests;

import org.emotionlens.api.FrameResult;
import org.emotionlens.api.PredictionSink;

import java.util.ArrayList;
import java.util.List;

/**
 * A real sink registered by a test: it keeps every frame result in arrival order, so a test can check that each
 * frame arrived exactly once and which model answered it.
 */
final class RecordingSink implements PredictionSink {
    private final List<FrameResult> results = new ArrayList<>();
    private int flushes;

    @Override
    public synchronized void accept(FrameResult result) {
        results.add(result);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    synchronized List<FrameResult> results() {
        return new ArrayList<>(results);
    }

    synchronized int flushes() {
        return flushes;
    }

    @Override
    public String toString() {
        return "recording";
    }
}
