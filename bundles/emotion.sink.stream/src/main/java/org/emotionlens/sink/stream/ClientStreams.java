package org.emotionlens.sink.stream;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open event streams of one sink. Each stream is an asynchronous servlet response, so no server thread waits on
 * it; {@link #broadcast} only queues, so the caller (the pipeline, a publisher) never waits on a client. A client's
 * queue is written by a pooled writer thread while it has something to send; a client that reads too slowly loses its
 * oldest queued messages, counted in {@link #lost()} and, where the framing says so, told with an overflow message.
 */
public final class ClientStreams {
    public static final long KEEP_ALIVE_SECONDS = 15;
    /** Marks the end of a stream in a client's queue. */
    private static final String END = new String("end");

    private final String owner;
    private final int maxClients;
    private final int queueSize;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private final ExecutorService writers;
    private final ScheduledExecutorService keepAlive;
    private volatile boolean closed;

    /**
     * @param owner the sink's configuration PID, for messages and thread names
     * @param maxClients the most streams open at once; more get HTTP 503
     * @param queueSize messages queued per client before the oldest are dropped
     */
    public ClientStreams(String owner, int maxClients, int queueSize) {
        this.owner = owner;
        this.maxClients = Math.max(1, maxClients);
        this.queueSize = Math.max(1, queueSize);
        AtomicInteger n = new AtomicInteger();
        String name = owner.replace('.', '-') + "-stream-";
        writers = Executors.newCachedThreadPool(r -> daemon(r, name + n.incrementAndGet()));
        keepAlive = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "keep-alive"));
        keepAlive.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Opens a stream on this request: {@code preamble} goes first as it is (e.g. an SSE {@code retry:} line), then
     * {@code first} framed (the client's initial state), then every broadcast message. Answers 503 when the sink is
     * closing or {@code maxClients} streams are open.
     *
     * @return whether the stream was opened
     */
    public boolean open(HttpServletRequest request, HttpServletResponse response, Framing framing, String preamble,
            String first) throws IOException {
        if (closed || clients.size() >= maxClients) {
            response.setContentType("text/plain; charset=utf-8");
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.getWriter().write(closed ? "shutting down\n"
                    : "too many open streams (" + owner + " max.clients=" + maxClients + ")\n");
            return false;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(framing.contentType());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Client c = new Client(async, response.getOutputStream(), framing);
        async.addListener(c);
        if (preamble != null) {
            c.queue.offer(preamble);
        }
        c.offer(first);
        clients.add(c);
        served.incrementAndGet();
        c.schedule();
        return true;
    }

    public void broadcast(String message) {
        for (Client c : clients) {
            c.offer(message);
        }
    }

    public int size() {
        return clients.size();
    }

    public boolean hasClients() {
        return !clients.isEmpty();
    }

    /** Messages dropped from slow clients' queues, all clients together. */
    public long lost() {
        return lost.get();
    }

    /** Streams opened so far. */
    public long served() {
        return served.get();
    }

    /**
     * Sends {@code last} (framed; null for none) to every client and ends each stream; waits up to the timeout for
     * them to be written, then completes what is left and stops the threads. Later requests get 503.
     */
    public void close(String last, long timeoutMillis) {
        closed = true;
        for (Client c : clients) {
            if (last != null) {
                c.offer(last);
            }
            c.end();
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!clients.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Client c : clients) {
            c.complete();
        }
        keepAlive.shutdownNow();
        writers.shutdownNow();
    }

    private void keepAlive() {
        long now = System.nanoTime();
        for (Client c : clients) {
            if (now - c.lastWrite >= TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS)) {
                c.queueRaw(c.framing.keepAlive());
            }
        }
    }

    /** One open stream: its queue of framed text and the writer task that drains it. */
    private final class Client implements AsyncListener {
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(queueSize + 1);
        final AsyncContext async;
        final OutputStream out;
        final Framing framing;
        final AtomicBoolean scheduled = new AtomicBoolean();
        final AtomicLong lostHere = new AtomicLong();
        final AtomicBoolean done = new AtomicBoolean();
        volatile long lastWrite = System.nanoTime();

        Client(AsyncContext async, OutputStream out, Framing framing) {
            this.async = async;
            this.out = out;
            this.framing = framing;
        }

        void offer(String message) {
            queueRaw(framing.frame().apply(message));
        }

        void queueRaw(String text) {
            // Keep one slot free for END so that a stuck client can always be ended.
            while (queue.size() >= queueSize || !queue.offer(text)) {
                if (queue.poll() != null) {
                    lostHere.incrementAndGet();
                    lost.incrementAndGet();
                }
            }
            schedule();
        }

        void end() {
            while (!queue.offer(END)) {
                queue.poll();
            }
            schedule();
        }

        void schedule() {
            if (!done.get() && scheduled.compareAndSet(false, true)) {
                try {
                    writers.execute(this::drain);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    scheduled.set(false); // closing
                }
            }
        }

        /** Writes what is queued, in chunks of up to 64 KiB, until the queue is empty or the stream ends. */
        private void drain() {
            try {
                String text;
                while (!done.get() && (text = queue.poll()) != null) {
                    StringBuilder b = new StringBuilder();
                    boolean ended = false;
                    long lostNow = lostHere.getAndSet(0);
                    if (lostNow > 0 && framing.noticeOverflow()) {
                        b.append(framing.overflow(lostNow));
                    }
                    while (text != null) {
                        if (text == END) {
                            ended = true;
                            break;
                        }
                        b.append(text);
                        text = b.length() < 65536 ? queue.poll() : null;
                    }
                    if (b.length() > 0) {
                        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        lastWrite = System.nanoTime();
                    }
                    if (ended) {
                        complete();
                    }
                }
            } catch (IOException | IllegalStateException e) {
                complete(); // the client went away
            } finally {
                scheduled.set(false);
            }
            if (!done.get() && !queue.isEmpty()) {
                schedule();
            }
        }

        void complete() {
            if (done.compareAndSet(false, true)) {
                clients.remove(this);
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // already completed by the container (client gone, timeout)
                }
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            done.set(true);
            clients.remove(this);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            complete();
        }

        @Override
        public void onError(AsyncEvent event) {
            complete();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
