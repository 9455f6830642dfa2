package org.emotionlens.sink.web.internal;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The page's own files, from the bundle: it needs no other host (its Content-Security-Policy says so). */
final class PageServlet extends HttpServlet {
    private static final String PAGE = "/org/emotionlens/sink/web/page/";
    private static final Map<String, String> FILES = Map.of("/", "index.html", "/index.html", "index.html",
            "/app.js", "app.js", "/style.css", "style.css");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String name = FILES.get(path.isEmpty() ? "/" : path);
        response.setHeader("Cache-Control", "no-store");
        if (name == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no " + path + " here; the page is at /");
            return;
        }
        try (InputStream in = PageServlet.class.getResourceAsStream(PAGE + name)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "bundle lacks " + PAGE + name);
                return;
            }
            response.setContentType(name.endsWith(".html") ? "text/html; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
            response.setHeader("Content-Security-Policy",
                    "default-src 'self'; img-src 'self'; connect-src 'self'; style-src 'self'; script-src 'self'");
            byte[] body = in.readAllBytes();
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
