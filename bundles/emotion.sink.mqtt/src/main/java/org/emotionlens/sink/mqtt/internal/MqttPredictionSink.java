package org.emotionlens.sink.mqtt.internal;

import org.emotionlens.api.FrameResult;
import org.emotionlens.api.PredictionSink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One JSON message per face per frame to an MQTT topic ({@link FaceMessages} writes them). {@link #accept} only
 * encodes and queues: the {@link MqttPublisher}'s thread talks to the broker, so a slow or absent broker never holds up
 * the frame loop. {@link #flush} waits (at most {@code drain.timeout.ms}) for what was accepted to reach a connected
 * broker; {@link #close} does the same, leaves the broker and logs how many messages were published and dropped.
 */
final class MqttPredictionSink implements PredictionSink {
    private static final Logger LOG = Logger.getLogger(Settings.PID);

    private final Settings settings;
    private final FaceMessages messages = new FaceMessages();
    private final MqttPublisher publisher;
    private final Object order = new Object();
    private final Runnable onStatusChange;
    private long seq; // guarded by order
    private volatile boolean closed;
    /**
     * Whether the publisher's thread reports status changes: from the first frame until the end of input. After
     * {@link #flush} the last report is made on the caller's thread, so that no service event of this sink races a
     * shutdown that follows the end of input (Event Admin is stopped right after the pipelines).
     */
    private volatile boolean reporting = true;

    MqttPredictionSink(Settings settings, Runnable onStatusChange) {
        this.settings = settings;
        this.onStatusChange = onStatusChange;
        this.publisher = new MqttPublisher(settings, () -> {
            if (reporting) {
                onStatusChange.run();
            }
        });
    }

    MqttPredictionSink(Settings settings) {
        this(settings, () -> { });
    }

    @Override
    public void accept(FrameResult result) {
        if (closed || result.faces().isEmpty()) {
            return;
        }
        if (!reporting) {
            reporting = true;
        }
        // Numbered and queued under one lock, so that pipelines sharing the sink never interleave out of seq order.
        synchronized (order) {
            List<MqttPublisher.Message> batch = new ArrayList<>(result.faces().size());
            for (int i = 0; i < result.faces().size(); i++) {
                long n = ++seq;
                String json = messages.encode(n, result, i);
                batch.add(new MqttPublisher.Message(n, settings.topicFor(result.pipeline(),
                        result.faces().get(i).face().trackId()), json.getBytes(StandardCharsets.UTF_8)));
            }
            publisher.offer(batch);
        }
    }

    /**
     * Waits, at most drain.timeout.ms, for the messages so far to reach the broker (not at all while it is away), then
     * reports the counts.
     */
    @Override
    public void flush() {
        try {
            publisher.awaitDelivered(settings.drainTimeoutMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!closed) {
            reporting = false;
            onStatusChange.run();
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        reporting = false;
        flush();
        publisher.close();
        MqttPublisher.Status s = publisher.status();
        long produced;
        synchronized (order) {
            produced = seq;
        }
        String line = "mqtt sink " + settings.clientId() + ": " + s.delivered() + " of " + produced + " messages"
                + " published to " + settings.brokerUri() + " (" + settings.topic() + "), " + s.dropped() + " dropped"
                + (s.dropped() > 0 ? " (buffer.size=" + settings.bufferSize() + " was full while the broker was away)"
                : "") + (s.buffered() > 0 ? ", " + s.buffered() + " undelivered at shutdown" : "")
                + (s.losses() > 0 ? ", " + s.losses() + " connection(s) lost" : "");
        LOG.log(s.dropped() > 0 || s.buffered() > 0 ? Level.WARNING : Level.INFO, line);
    }

    MqttPublisher.Status status() {
        return publisher.status();
    }

    long produced() {
        synchronized (order) {
            return seq;
        }
    }

    boolean awaitConnected(long timeoutMillis) throws InterruptedException {
        return publisher.awaitConnected(timeoutMillis);
    }

    boolean awaitDelivered(long timeoutMillis) throws InterruptedException {
        return publisher.awaitDelivered(timeoutMillis);
    }

    Settings settings() {
        return settings;
    }

    @Override
    public String toString() {
        MqttPublisher.Status s = publisher.status();
        return "mqtt:" + settings.brokerUri() + " " + settings.topic() + " (" + (s.connected() ? "connected"
                : "broker away") + ", " + s.delivered() + " published, " + s.dropped() + " dropped, " + s.buffered()
                + " buffered)";
    }
}
