package org.emotionlens.sink.events.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.emotionlens.sink.stream.ClientStreams;
import org.emotionlens.sink.stream.Framing;

import java.io.IOException;
import java.util.function.Supplier;

/** One framing of the prediction lines ({@code events}: SSE, {@code stream}: NDJSON), starting with a hello line. */
final class LineStreamServlet extends HttpServlet {
    private final ClientStreams streams;
    private final Framing framing;
    private final Supplier<String> hello;

    LineStreamServlet(ClientStreams streams, Framing framing, Supplier<String> hello) {
        this.streams = streams;
        this.framing = framing;
        this.hello = hello;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        streams.open(request, response, framing, null, hello.get());
    }
}
