package org.emotionlens.sink.events.internal;

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
 * The connected clients of the JSON-lines endpoint. {@link #broadcast} only queues, so the pipeline never waits
 * for a network client; each client is written by its own HTTP server thread, framed as Server-Sent Events
 * ({@code data: <json>}, blank line) or as NDJSON (one JSON object per line). A client that falls more than the
 * queue size behind loses its oldest lines and then receives {@code {"type":"overflow","lost":N}}.
 */
final class LineStreams {
    enum Framing { SSE, NDJSON }

    private static final String END = new String("end");
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final int maxClients;
    private final int queueSize;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong lostTotal = new AtomicLong();
    private volatile boolean closed;

    LineStreams(int maxClients, int queueSize) {
        this.maxClients = maxClients;
        this.queueSize = Math.max(16, queueSize);
    }

    boolean hasClients() {
        return !clients.isEmpty();
    }

    int size() {
        return clients.size();
    }

    long lost() {
        return lostTotal.get();
    }

    void broadcast(String json) {
        for (Client c : clients) {
            c.offer(json);
        }
    }

    void serve(HttpExchange exchange, Framing framing, String hello) throws IOException {
        if (closed || clients.size() >= maxClients) {
            byte[] body = (closed ? "shutting down\n" : "too many clients (max.clients=" + maxClients + ")\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", framing == Framing.SSE ? "text/event-stream; charset=utf-8"
                : "application/x-ndjson; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        Client c = new Client();
        c.offer(hello);
        clients.add(c);
        try (OutputStream out = exchange.getResponseBody()) {
            out.flush();
            boolean ended = false;
            while (true) {
                String line = c.queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (line == END) {
                    break;
                }
                StringBuilder b = new StringBuilder();
                long lost = c.lost.getAndSet(0);
                if (lost > 0) {
                    frame(b, framing, "{\"type\":\"overflow\",\"lost\":" + lost + "}");
                }
                if (line == null) {
                    // keeps proxies and idle-timeouts from closing a quiet stream
                    b.append(framing == Framing.SSE ? ": keep-alive\n\n" : "{\"type\":\"keepalive\"}\n");
                } else {
                    frame(b, framing, line);
                    // write what else is queued in the same chunk
                    while (b.length() < 65536) {
                        String more = c.queue.poll();
                        if (more == null) {
                            break;
                        }
                        if (more == END) {
                            ended = true;
                            break;
                        }
                        frame(b, framing, more);
                    }
                }
                out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (ended) {
                    break;
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(c);
            exchange.close();
        }
    }

    private static void frame(StringBuilder b, Framing framing, String json) {
        if (framing == Framing.SSE) {
            b.append("data: ").append(json).append("\n\n");
        } else {
            b.append(json).append('\n');
        }
    }

    void close(String last, long timeoutMillis) {
        closed = true;
        for (Client c : clients) {
            c.offer(last);
            c.end();
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!clients.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Client {
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(queueSize + 1);
        final AtomicLong lost = new AtomicLong();

        void offer(String line) {
            while (queue.size() >= queueSize || !queue.offer(line)) {
                if (queue.poll() != null) {
                    lost.incrementAndGet();
                    lostTotal.incrementAndGet();
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
