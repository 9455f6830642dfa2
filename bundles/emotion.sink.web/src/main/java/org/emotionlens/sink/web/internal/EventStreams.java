package org.emotionlens.sink.web.internal;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open Server-Sent Events connections. {@link #broadcast} only queues (never blocks the caller); each connection
 * is written by its own HTTP server thread. A connection whose page reads too slowly loses its oldest queued events,
 * counted in {@link #lost()}.
 */
final class EventStreams {
    /** Marks the end of a stream in a connection's queue. */
    private static final String END = new String("end");
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final int maxClients;
    private final int queueSize;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private volatile boolean closed;

    EventStreams(int maxClients, int queueSize) {
        this.maxClients = maxClients;
        this.queueSize = queueSize;
    }

    /** Formats one SSE event: {@code event: <name>} and the data on one line (our JSON has no raw newlines). */
    static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    void broadcast(String event) {
        for (Connection c : connections) {
            c.offer(event);
        }
    }

    int size() {
        return connections.size();
    }

    long lost() {
        return lost.get();
    }

    long served() {
        return served.get();
    }

    /**
     * Serves one /events request on the calling HTTP server thread until the stream ends: {@code first} is sent at
     * once (the page's initial state), then every broadcast event.
     */
    void serve(HttpExchange exchange, String first) throws IOException {
        if (closed || connections.size() >= maxClients) {
            byte[] body = (closed ? "shutting down" : "too many open pages (max.clients=" + maxClients + ")")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        Connection c = new Connection();
        c.offer(first);
        connections.add(c);
        served.incrementAndGet();
        try (OutputStream out = exchange.getResponseBody()) {
            // retry: the page reconnects after 1 s when the runtime restarts
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                String e = c.queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (e == END) {
                    break;
                }
                out.write((e == null ? ": keep-alive\n\n" : e).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the page went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.remove(c);
            exchange.close();
        }
    }

    /** Sends {@code last} to every connection, then ends each stream; waits up to the timeout for them to finish. */
    void close(String last, long timeoutMillis) {
        closed = true;
        for (Connection c : connections) {
            c.offer(last);
            c.end();
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!connections.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Connection {
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(queueSize + 1);

        void offer(String event) {
            // Keep one slot free for END so a stuck page can always be closed.
            while (queue.size() >= queueSize || !queue.offer(event)) {
                if (queue.poll() != null) {
                    lost.incrementAndGet();
                }
            }
        }

        void end() {
            while (!queue.offer(END)) {
                queue.poll();
            }
        }
    }
}
