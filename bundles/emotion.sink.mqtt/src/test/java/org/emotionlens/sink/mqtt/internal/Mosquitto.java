package org.emotionlens.sink.mqtt.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT broker for the tests: Debian's {@code mosquitto}, on a free loopback port with a generated
 * configuration (anonymous, persistence in the test's folder so that a restart keeps the subscribers' sessions).
 * Missing mosquitto is a failure, never a skip.
 */
final class Mosquitto implements AutoCloseable {
    private static final List<String> SEARCH = List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin");

    private final Path binary;
    private final Path dir;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    Mosquitto(Path dir) throws IOException, InterruptedException {
        this.binary = find();
        this.dir = dir;
        this.port = freePort();
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        Path data = Files.createDirectories(dir.resolve("data"));
        StringBuilder c = new StringBuilder()
                .append("listener ").append(port).append(" 127.0.0.1\n")
                .append("allow_anonymous true\n")
                .append("persistence true\n")
                .append("persistence_location ").append(data.toAbsolutePath()).append("/\n")
                .append("max_queued_messages 100000\n")
                .append("log_dest stderr\n")
                .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
        if ("root".equals(System.getProperty("user.name"))) {
            c.append("user root\n"); // otherwise it drops to user mosquitto, who cannot write the test's folder
        }
        Files.writeString(config, c);
        start();
    }

    static Path find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : (path + ":" + String.join(":", SEARCH)).split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "mosquitto"))) {
                return Path.of(d, "mosquitto");
            }
        }
        throw new AssertionError("the MQTT sink's tests need a real broker, and the mosquitto binary was not found"
                + " (looked on PATH and in " + SEARCH + "): install Debian's package with"
                + " 'apt-get install -y mosquitto' (.ci/run does)");
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Starts the broker and waits until it accepts connections. */
    void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("mosquitto exited with " + process.exitValue() + ": " + logText());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("mosquitto did not listen on 127.0.0.1:" + port + " within 15 s: " + logText());
    }

    /** Stops the broker the polite way (SIGTERM: it saves its sessions) and waits for it to exit. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
