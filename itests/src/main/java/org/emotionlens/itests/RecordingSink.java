package org.emotionlens.itests;

import org.emotionlens.api.FrameResult;
import org.emotionlens.api.PredictionSink;
import org.osgi.framework.ServiceRegistration;

import java.util.ArrayList;
import java.util.List;

/**
 * A real sink registered by a test: it keeps every frame result in arrival order, so a test can check that each
 * frame arrived exactly once and which model answered it. A pipeline selects it with
 * {@code sinks.target=(test=<key>)}; {@link #close()} unregisters it.
 */
final class RecordingSink implements PredictionSink, AutoCloseable {
    private final List<FrameResult> results = new ArrayList<>();
    private int flushes;
    private ServiceRegistration<PredictionSink> registration;

    private RecordingSink() {
    }

    /** A new recording sink, registered with the service properties {@code test=<key>}. */
    static RecordingSink register(String key) {
        RecordingSink sink = new RecordingSink();
        sink.registration = Containers.context().registerService(PredictionSink.class, sink,
                Containers.props(PredictionSink.TYPE, "recording", "test", key));
        return sink;
    }

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

    /** Unregisters the sink (once); the pipelines bound to it let it go and flush it. */
    @Override
    public void close() {
        ServiceRegistration<PredictionSink> r;
        synchronized (this) {
            r = registration;
            registration = null;
        }
        if (r != null) {
            r.unregister();
        }
    }

    @Override
    public String toString() {
        return "recording";
    }
}
