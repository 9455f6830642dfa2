package org.emotionlens.pipeline.internal;

import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A pipeline's analysed frames offered as a source: each frame with the faces the pipeline found (landmarks, and
 * blendshapes when its feature stage computed them). Variants that share the detector and landmarker read it
 * instead of detecting again; several of them do so through a fan-out source. One consumer, one pass; the
 * publishing pipeline waits for the consumer and is held back by a full queue, so the consumer sees every frame.
 */
final class PublishedFrames implements FrameSource {
    private static final Object END = new Object();

    private final String name;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(16);
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean consumerGone;

    PublishedFrames(String name) {
        this.name = name;
    }

    @Override
    public String describe() {
        return "frames analysed by pipeline " + name;
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public synchronized FrameStream open() throws SourceException {
        if (opened.getCount() == 0) {
            throw new SourceException("the analysed frames of pipeline " + name + " have one consumer; put a"
                    + " fan-out source between them and several pipelines");
        }
        opened.countDown();
        return new FrameStream() {
            @Override
            public Frame next() {
                try {
                    Object o = queue.take();
                    if (o == END) {
                        queue.offer(END);
                        return null;
                    }
                    return (Frame) o;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }

            @Override
            public void close() {
                consumerGone = true;
                queue.clear();
            }
        };
    }

    /** Waits until the consumer has opened this source. */
    boolean awaitConsumer(long seconds) throws InterruptedException {
        return opened.await(seconds, TimeUnit.SECONDS);
    }

    /** Hands a frame to the consumer, waiting while its queue is full. */
    void publish(Frame frame) throws InterruptedException {
        while (!consumerGone && !queue.offer(frame, 100, TimeUnit.MILLISECONDS)) {
            // the consumer is behind: hold the pipeline back rather than drop a frame
        }
    }

    void end() {
        while (!consumerGone) {
            try {
                if (queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "published:" + name;
    }
}
