package org.emotionlens.source.fanout.internal;

import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Decode once, fan out: the upstream source is opened once, by a decoder thread that starts when the configured
 * number of consumers have opened this source, and every frame goes to every consumer's queue (the same immutable
 * {@link Frame}, so images are not copied). A full queue blocks the decoder, so a slow variant slows the run
 * rather than missing frames; every variant sees exactly the same frames in the same order.
 */
@Component(configurationPid = FanOutSource.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = FrameSource.TYPE + "=fanout")
@Designate(ocd = FanOutConfig.class, factory = true)
public class FanOutSource implements FrameSource {
    static final String PID = "emotion.source.fanout";
    private static final Logger LOG = Logger.getLogger(PID);
    private static final Object END = new Object();

    private final FrameSource upstream;
    private final String name;
    private final int consumers;
    private final int queueSize;
    private final long openWaitNanos;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private Thread decoder;
    private volatile boolean closed;
    private long decoded;

    @Activate
    public FanOutSource(FanOutConfig config, @Reference(name = "upstream") FrameSource upstream) {
        if (config.consumers() < 1) {
            throw new IllegalArgumentException("fan-out '" + config.emotion_source_name()
                    + "': consumers must be at least 1, got " + config.consumers());
        }
        this.upstream = upstream;
        this.name = config.emotion_source_name();
        this.consumers = config.consumers();
        this.queueSize = Math.max(1, config.queue());
        this.openWaitNanos = TimeUnit.SECONDS.toNanos(Math.max(1, config.open_wait_seconds()));
    }

    @Override
    public String describe() {
        return upstream.describe() + " (decoded once for " + consumers + " pipelines)";
    }

    @Override
    public boolean isLive() {
        return upstream.isLive();
    }

    @Override
    public synchronized FrameStream open() throws SourceException {
        if (decoder != null) {
            throw new SourceException("fan-out '" + name + "' already started with " + subscribers.size()
                    + " consumers; it serves one run of " + consumers + " pipelines");
        }
        Subscriber s = new Subscriber(subscribers.size());
        subscribers.add(s);
        if (subscribers.size() == consumers) {
            startDecoder();
        } else if (subscribers.size() == 1) {
            // Do not wait forever for a variant that never comes (its configuration failed, say).
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(openWaitNanos));
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (FanOutSource.this) {
                    if (decoder == null && !closed) {
                        LOG.warning("fan-out '" + name + "': only " + subscribers.size() + " of " + consumers
                                + " pipelines opened it; starting without the others");
                        startDecoder();
                    }
                }
            }, "emotion-fanout-watchdog-" + name);
            watchdog.setDaemon(true);
            watchdog.start();
        }
        return s;
    }

    private void startDecoder() {
        decoder = new Thread(this::decode, "emotion-fanout-" + name);
        decoder.start();
    }

    private void decode() {
        Object last = END;
        try (FrameStream in = upstream.open()) {
            for (Frame f; !closed && (f = in.next()) != null;) {
                for (Subscriber s : subscribers) {
                    s.put(f);
                }
                decoded++;
            }
        } catch (SourceException e) {
            last = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Every consumer must hear of it: a decoder that just died would leave them waiting for ever.
            last = new SourceException("fan-out '" + name + "': upstream failed: " + e, e);
        }
        for (Subscriber s : subscribers) {
            s.finish(last);
        }
        LOG.fine(() -> "fan-out '" + name + "': " + decoded + " frames decoded once for " + subscribers.size()
                + " pipelines");
    }

    @Deactivate
    void deactivate() {
        closed = true;
        Thread d;
        synchronized (this) {
            d = decoder;
        }
        if (d != null) {
            d.interrupt();
        }
        subscribers.forEach(s -> s.finish(END));
    }

    private final class Subscriber implements FrameStream {
        private final int number;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(queueSize + 1);
        private volatile boolean gone;

        Subscriber(int number) {
            this.number = number;
        }

        void put(Frame f) throws InterruptedException {
            while (!gone && !closed) {
                if (queue.offer(f, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        }

        void finish(Object last) {
            // The extra slot guarantees room for the end marker once the consumer drains.
            while (!gone) {
                try {
                    if (queue.offer(last, 100, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public Frame next() throws SourceException {
            try {
                Object o = queue.take();
                if (o instanceof Frame f) {
                    return f;
                }
                queue.offer(o); // later calls see the end again
                if (o instanceof SourceException e) {
                    throw new SourceException(e.getMessage(), e);
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public long expectedFrames() {
            return -1;
        }

        @Override
        public void close() {
            gone = true;
            subscribers.remove(this);
            queue.clear();
        }

        @Override
        public String toString() {
            return "fan-out " + name + " consumer " + number;
        }
    }

    @Override
    public String toString() {
        return "fanout:" + name + "<-" + upstream;
    }
}
