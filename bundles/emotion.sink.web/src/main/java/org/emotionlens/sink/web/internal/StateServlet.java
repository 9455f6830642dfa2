package org.emotionlens.sink.web.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code state.json}: every pipeline's counters, the open pages and the events slow pages lost. */
final class StateServlet extends HttpServlet {
    private final FramePublisher publisher;

    StateServlet(FramePublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.getWriter().write(publisher.state().toString());
    }
}
