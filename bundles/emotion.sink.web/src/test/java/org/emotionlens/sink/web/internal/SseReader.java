package org.emotionlens.sink.web.internal;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real SSE client for the tests (java.net.http): parses the stream into named events with JSON data. */
final class SseReader implements AutoCloseable {
    record Event(String name, JsonObject data) {
    }

    /** Put in the queue when the server ended the stream. */
    static final Event EOF = new Event("<eof>", null);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile Stream<String> lines;
    final int status;
    final String contentType;

    SseReader(URI uri) throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofLines());
        status = response.statusCode();
        contentType = response.headers().firstValue("Content-Type").orElse("");
        lines = response.body();
        reader = new Thread(() -> {
            String name = "message";
            StringBuilder data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            events.add(new Event(name, Json.createReader(new StringReader(data.toString()))
                                    .readObject()));
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    }
                }
            } catch (RuntimeException e) {
                // closed by the test
            }
            events.add(EOF);
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next event, or null after the timeout. */
    Event next(long timeoutMillis) throws InterruptedException {
        return events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Skips events until one with this name arrives (or fails after the timeout, naming the events skipped). */
    Event next(String name, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<String> skipped = new ArrayList<>();
        while (true) {
            Event e = next(Math.max(1, deadline - System.currentTimeMillis()));
            if (e == null) {
                throw new AssertionError("no '" + name + "' event within " + timeoutMillis + " ms (skipped " + skipped + ")");
            }
            if (e.name().equals(name)) {
                return e;
            }
            if (e == EOF) {
                throw new AssertionError("stream ended before a '" + name + "' event (skipped " + skipped + ")");
            }
            skipped.add(e.name());
        }
    }

    @Override
    public void close() {
        lines.close();
    }
}
