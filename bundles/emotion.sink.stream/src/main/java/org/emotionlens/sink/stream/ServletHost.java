package org.emotionlens.sink.stream;

import jakarta.servlet.Servlet;

/**
 * Where a sink's servlets are served: the HTTP Whiteboard in the runtime ({@link ServletRegistrations}), a plain
 * servlet container in tests. Closing withdraws the servlets.
 */
public interface ServletHost extends AutoCloseable {
    /** Serves a servlet (asynchronous support on) for the given URL patterns, e.g. {@code /events}, {@code /}. */
    ServletHost add(String name, Servlet servlet, String... patterns);

    /** The base address the servlets' patterns are relative to, e.g. {@code http://127.0.0.1:8090/}. */
    String url();

    @Override
    void close();
}
