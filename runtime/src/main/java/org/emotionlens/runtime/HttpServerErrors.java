package org.emotionlens.runtime;

import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errors of Felix's HTTP Whiteboard (Jetty), which logs through SLF4J to java.util.logging rather than to the OSGi
 * log: each one is reported like a component's error (so a profile whose HTTP port cannot be opened does not start),
 * a port that cannot be bound as one line that names the port and what to do.
 */
final class HttpServerErrors extends Handler {
    static final String LOGGER = "org.apache.felix.http";
    private static final Pattern BIND = Pattern.compile("Failed to bind to /?([^\\s:]*):(\\d+)");

    /** Held: java.util.logging keeps loggers weakly, and the handler would go with it. */
    private final Logger logger = Logger.getLogger(LOGGER);
    private final Consumer<String> report;
    private volatile boolean bindFailed;

    private HttpServerErrors(Consumer<String> report) {
        this.report = report;
        setLevel(Level.SEVERE);
    }

    static HttpServerErrors watch(Consumer<String> report) {
        HttpServerErrors h = new HttpServerErrors(report);
        h.logger.addHandler(h);
        h.logger.setUseParentHandlers(false); // reported here, not printed a second time
        return h;
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String message = String.valueOf(record.getMessage());
        if (bindFailed && (message.contains("no connectors available")
                || message.contains("Exception while initializing Jetty"))) {
            return; // Jetty stopping after the port error already reported, and failing at it
        }
        String line = describe(message, record.getThrown());
        bindFailed |= line.contains(" cannot listen on ");
        report.accept(line);
    }

    /** One line: the busy port and what to do, or the message and its causes. */
    static String describe(String message, Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = t.getMessage() == null ? null : BIND.matcher(t.getMessage());
            if (m != null && m.find()) {
                int port = Integer.parseInt(m.group(2));
                Throwable root = t;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                return "[org.apache.felix.http.jetty12] cannot listen on " + m.group(1) + ":" + port + " ("
                        + root.getMessage() + "): another program, perhaps another emotionlens run, holds port " + port
                        + "; stop it or choose another port (e.g. --set port=" + (port == 65535 ? 8091 : port + 1)
                        + " for a profile with a 'port' variable such as live-web, or org.osgi.service.http.port of"
                        + " configuration org.apache.felix.http)";
            }
        }
        String detail = Container.messageOf(thrown);
        return "[org.apache.felix.http.jetty12] " + message + (detail == null ? "" : ": " + detail);
    }

    /** Stops reporting; what Jetty logs while the framework stops is no error of the profile and is dropped. */
    void unwatch() {
        logger.removeHandler(this);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
