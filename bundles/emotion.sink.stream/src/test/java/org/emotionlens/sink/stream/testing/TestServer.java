package org.emotionlens.sink.stream.testing;

import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.emotionlens.sink.stream.ServletHost;

/**
 * Servlets served by a real Jetty 12 (the one inside Felix's whiteboard bundle) on a free port of 127.0.0.1, without a
 * framework: what the whiteboard does for the sinks' servlets, for unit tests.
 */
public final class TestServer implements ServletHost {
    private final Server server = new Server();
    private final ServletContextHandler context = new ServletContextHandler("/");
    private final ServerConnector connector = new ServerConnector(server);

    /** Starts serving at once (servlets may be added while it runs, as on the whiteboard). */
    public TestServer() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
    }

    @Override
    public TestServer add(String name, Servlet servlet, String... patterns) {
        return add(servlet, patterns);
    }

    /** Adds a servlet, asynchronous support on, as the sinks register theirs. */
    public TestServer add(Servlet servlet, String... patterns) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        for (String p : patterns) {
            context.addServlet(holder, p);
        }
        return this;
    }

    /** e.g. {@code http://127.0.0.1:41234/} */
    @Override
    public String url() {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/";
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the test server", e);
        }
    }
}
