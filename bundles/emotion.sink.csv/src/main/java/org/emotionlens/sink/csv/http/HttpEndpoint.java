package org.emotionlens.sink.csv.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small HTTP server a streaming sink serves from (JDK HttpServer): one daemon thread per open connection, since
 * an event stream holds its thread, and daemon so that it never keeps the JVM alive. Exported (1.0.0) for the sinks
 * that serve HTTP, like the JSON writer beside it; they import it instead of embedding a copy.
 */
public final class HttpEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;
    private final String url;

    /**
     * Starts serving {@code handler} on {@code bindAddress:port} (port 0: any free one).
     *
     * @param owner the configuration PID of the sink, for messages and thread names
     * @throws IllegalArgumentException when the address cannot be bound; the message says what to change
     */
    public HttpEndpoint(String owner, String bindAddress, int port, HttpHandler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 16);
        } catch (java.net.BindException e) {
            throw new IllegalArgumentException(owner + " cannot listen on " + bindAddress + ":" + port + " ("
                    + e.getMessage() + "): another program, perhaps another emotionlens run, holds port " + port
                    + "; stop it or choose another port (e.g. --set port=" + (port == 65535 ? 8091 : port + 1)
                    + "; 0 picks a free one)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(owner + " cannot listen on " + bindAddress + ":" + port + ": "
                    + e.getMessage() + "; choose another port (0 picks a free one) or bind.address", e);
        }
        AtomicInteger n = new AtomicInteger();
        String threadName = owner.replace('.', '-') + "-http-";
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", handler);
        server.start();
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        url = "http://" + host + ":" + bound.getPort() + "/";
    }

    /** The base address, e.g. {@code http://127.0.0.1:8090/}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
