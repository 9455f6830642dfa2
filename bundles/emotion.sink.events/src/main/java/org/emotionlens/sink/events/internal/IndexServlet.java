package org.emotionlens.sink.events.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * The endpoint's own page ({@code <http.path>} and {@code <http.path>/}): what it offers and its figures, as plain
 * text. Registered for {@code <http.path>/*}, which the two streams' exact paths take precedence over.
 */
final class IndexServlet extends HttpServlet {
    private final Supplier<String> figures;

    IndexServlet(Supplier<String> figures) {
        this.figures = figures;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String rest = request.getPathInfo();
        if (rest != null && !rest.equals("/")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no " + request.getServletPath() + rest
                    + " here; see " + request.getServletPath() + "/");
            return;
        }
        response.setContentType("text/plain; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("EmotionLens prediction events (schema " + PredictionJson.SCHEMA + ")\n"
                + "GET events  Server-Sent Events, one JSON object per 'data:' line\n"
                + "GET stream  JSON lines (application/x-ndjson)\n"
                + figures.get() + "\n");
    }
}
