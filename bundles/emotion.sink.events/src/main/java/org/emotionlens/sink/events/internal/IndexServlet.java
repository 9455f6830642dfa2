package org.emotionlens.sink.events.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.function.Supplier;

/** The endpoint's own page: what it offers and its figures, as plain text. */
final class IndexServlet extends HttpServlet {
    private final Supplier<String> figures;

    IndexServlet(Supplier<String> figures) {
        this.figures = figures;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("EmotionLens prediction events (schema " + PredictionJson.SCHEMA + ")\n"
                + "GET events  Server-Sent Events, one JSON object per 'data:' line\n"
                + "GET stream  JSON lines (application/x-ndjson)\n"
                + figures.get() + "\n");
    }
}
