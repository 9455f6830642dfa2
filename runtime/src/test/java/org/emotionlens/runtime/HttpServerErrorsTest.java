package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Jetty's own failure on a busy port (the Jetty inside Felix's whiteboard bundle) becomes one line with what to do. */
class HttpServerErrorsTest {

    @Test
    void aBusyPortIsReportedOnceNamingThePortAndWhatToDo() throws Exception {
        List<String> reported = new CopyOnWriteArrayList<>();
        HttpServerErrors errors = HttpServerErrors.watch(reported::add);
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            server.addConnector(connector);
            Throwable failure = null;
            try {
                connector.start();
            } catch (Exception e) {
                failure = e;
            }
            assertThat(failure).as("Jetty cannot bind a busy port").isNotNull();
            // What Felix's JettyService logs, in its order, through SLF4J to java.util.logging.
            Logger felix = Logger.getLogger(HttpServerErrors.LOGGER);
            felix.log(Level.SEVERE, "Failed to start Connector: " + connector, failure);
            felix.log(Level.SEVERE, "Jetty stopped (no connectors available)");
            felix.log(Level.SEVERE, "Exception while initializing Jetty", new NullPointerException("server is null"));
            felix.log(Level.WARNING, "not an error");
            assertThat(reported).hasSize(1);
            assertThat(reported.get(0)).contains("cannot listen on 127.0.0.1:" + port, "holds port " + port,
                    "--set port=" + (port + 1), "org.osgi.service.http.port of configuration org.apache.felix.http")
                    .doesNotContain("ServerConnector@");
            server.stop();
        } finally {
            errors.unwatch();
        }
    }

    @Test
    void otherErrorsKeepJettysMessageAndCauses() {
        String line = HttpServerErrors.describe("Exception while initializing Jetty",
                new IllegalStateException("keystore missing"));
        assertThat(line).isEqualTo("[org.apache.felix.http.jetty12] Exception while initializing Jetty: keystore missing");
    }
}
