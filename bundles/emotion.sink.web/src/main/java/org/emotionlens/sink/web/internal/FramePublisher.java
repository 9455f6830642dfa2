package org.emotionlens.sink.web.internal;

import jakarta.json.JsonObject;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Image;
import org.emotionlens.sink.stream.ClientStreams;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The hub between the pipelines and the open pages. {@link #park} only puts a frame in its pipeline's slot (latest
 * wins; a frame replaced before it was shown counts as dropped) and wakes the publisher thread, so a slow page or
 * JPEG encoding never slows a pipeline. The publisher turns at most {@code max.updates} frames per second and
 * pipeline into {@code frame} events for every page and encodes at most {@code max.fps} of their images as JPEG,
 * which pages fetch as {@code frame.jpg?seq=N}: images go as separate binary responses rather than base64 inside
 * events (a third fewer bytes, decoded by the browser's image loader, and the small events keep flowing).
 */
final class FramePublisher {
    private static final Logger LOG = Logger.getLogger(WebPredictionSink.PID);
    /** JPEGs kept for pages that are still fetching an older one. */
    static final int KEPT_IMAGES = 8;

    private final ClientStreams streams;
    private final JpegEncoder jpeg;
    private final long updateIntervalNanos;
    private final long imageIntervalNanos;
    private final Map<String, PipelineSlot> slots = new ConcurrentHashMap<>();
    private final ImageStore images = new ImageStore(KEPT_IMAGES);
    private final AtomicLong imageSeq = new AtomicLong();
    private final AtomicInteger flushRequests = new AtomicInteger();
    private final Object published = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean publishing;

    /**
     * @param maxUpdates most frame events per second and pipeline (&gt; 0)
     * @param maxFps most images per second and pipeline (0: none)
     */
    FramePublisher(ClientStreams streams, JpegEncoder jpeg, double maxUpdates, double maxFps) {
        this.streams = streams;
        this.jpeg = jpeg;
        this.updateIntervalNanos = (long) (1e9 / maxUpdates);
        this.imageIntervalNanos = maxFps == 0 ? -1 : (long) (1e9 / maxFps);
        thread = new Thread(this::publishLoop, "emotion-sink-web-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    double maxUpdates() {
        return 1e9 / updateIntervalNanos;
    }

    double maxFps() {
        return imageIntervalNanos <= 0 ? 0 : 1e9 / imageIntervalNanos;
    }

    ImageStore images() {
        return images;
    }

    Collection<PipelineSlot> slots() {
        return slots.values();
    }

    JsonObject state() {
        return FrameEvents.state(slots.values(), streams.size(), streams.lost());
    }

    void park(FrameResult result) {
        if (closed) {
            return;
        }
        slots.computeIfAbsent(result.pipeline(), PipelineSlot::new).arrived(result, System.nanoTime());
        LockSupport.unpark(thread);
    }

    /** Publishes what is still waiting, so pages show each pipeline's last frame; waits up to 2 s for it. */
    void publishPending() {
        if (closed) {
            return;
        }
        flushRequests.incrementAndGet();
        LockSupport.unpark(thread);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        synchronized (published) {
            while (hasPending() && System.nanoTime() < deadline && thread.isAlive()) {
                try {
                    published.wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean hasPending() {
        if (publishing) {
            return true;
        }
        for (PipelineSlot s : slots.values()) {
            if (s.pending.get() != null) {
                return true;
            }
        }
        return false;
    }

    void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishLoop() {
        int flushesSeen = 0;
        while (!closed) {
            long now = System.nanoTime();
            int flushes = flushRequests.get();
            boolean flushing = flushes != flushesSeen;
            long sleep = TimeUnit.MILLISECONDS.toNanos(500);
            for (PipelineSlot slot : slots.values()) {
                if (slot.pending.get() == null) {
                    continue;
                }
                long due = slot.nextUpdate - now;
                if (due > 0 && !flushing) {
                    sleep = Math.min(sleep, due);
                    continue;
                }
                publishing = true;
                try {
                    FrameResult r = slot.pending.getAndSet(null);
                    if (r != null) {
                        publish(slot, r, now);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "web page: could not publish a frame of " + slot.pipeline, e);
                } finally {
                    publishing = false;
                }
                slot.nextUpdate = now + updateIntervalNanos;
                sleep = Math.min(sleep, updateIntervalNanos);
            }
            flushesSeen = flushes;
            synchronized (published) {
                published.notifyAll();
            }
            if (Thread.interrupted()) {
                break;
            }
            LockSupport.parkNanos(this, sleep);
        }
    }

    private void publish(PipelineSlot slot, FrameResult r, long now) {
        slot.updates.incrementAndGet();
        slot.stages(r.stageNanos());
        if (!streams.hasClients()) {
            return; // no page open: no JPEG to encode, no event to format
        }
        Long seq = null;
        Image image = r.frame().image();
        if (image != null && imageIntervalNanos > 0) {
            if (slot.lastImage == 0 || now - slot.lastImage >= imageIntervalNanos) {
                long s = imageSeq.incrementAndGet();
                images.put(s, jpeg.encode(image));
                slot.lastImage = now;
                slot.images.incrementAndGet();
                seq = s;
            } else {
                slot.imagesSkipped.incrementAndGet();
            }
        }
        streams.broadcast(FrameEvents.event("frame", FrameEvents.frame(slot, r, seq)));
    }
}
