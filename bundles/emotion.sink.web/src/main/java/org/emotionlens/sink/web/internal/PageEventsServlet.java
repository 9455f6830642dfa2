package org.emotionlens.sink.web.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.emotionlens.sink.stream.ClientStreams;
import org.emotionlens.sink.stream.Framing;

import java.io.IOException;
import java.util.function.Supplier;

/** {@code events}: the page's Server-Sent Events stream (asynchronous), starting with a {@code hello} event. */
final class PageEventsServlet extends HttpServlet {
    /** The page reconnects after 1 s when the runtime restarts. */
    private static final String RETRY = "retry: 1000\n\n";
    private static final Framing SSE = Framing.sseEvents();

    private final ClientStreams streams;
    private final Supplier<String> hello;

    PageEventsServlet(ClientStreams streams, Supplier<String> hello) {
        this.streams = streams;
        this.hello = hello;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        streams.open(request, response, SSE, RETRY, hello.get());
    }
}
