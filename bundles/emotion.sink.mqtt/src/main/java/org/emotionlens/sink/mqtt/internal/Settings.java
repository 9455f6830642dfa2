package org.emotionlens.sink.mqtt.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The sink's configuration, checked: every problem is an {@link IllegalArgumentException} that names the setting
 * (as written in a profile) and what to write instead.
 */
record Settings(String name, String brokerUri, String clientId, String topic, int qos, boolean retain, int bufferSize,
        int maxInflight, int connectTimeoutMs, int reconnectMinMs, int reconnectMaxMs, int keepAliveS,
        int drainTimeoutMs) {
    /** Factory configuration PID of the sink. */
    static final String PID = "emotion.sink.mqtt";
    static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    Settings {
        String who = PID + (name == null || name.isEmpty() ? "" : "~" + name);
        brokerUri = checkUri(who, brokerUri);
        if (clientId == null || clientId.isBlank()) {
            clientId = "emotionlens-" + (name == null || name.isEmpty() ? "" : name.replaceAll("[^A-Za-z0-9_-]", "_")
                    + "-") + UUID.randomUUID().toString().substring(0, 8);
        }
        if (clientId.length() > 65535) {
            throw bad(who, "client.id", "is longer than MQTT allows (65535 characters)");
        }
        if (topic == null || topic.isBlank()) {
            throw bad(who, "topic", "is empty; write e.g. emotionlens/{pipeline}/faces");
        }
        if (topic.contains("+") || topic.contains("#") || topic.indexOf('\0') >= 0) {
            throw bad(who, "topic", "'" + topic + "' contains a wildcard (+, #) or a NUL character; a topic to publish"
                    + " to names one topic, e.g. emotionlens/{pipeline}/faces");
        }
        if (qos < 0 || qos > 2) {
            throw bad(who, "qos", "must be 0, 1 or 2, got " + qos);
        }
        if (bufferSize < 1) {
            throw bad(who, "buffer.size", "must be at least 1, got " + bufferSize);
        }
        if (maxInflight < 1 || maxInflight > 65535) {
            throw bad(who, "max.inflight", "must be 1..65535, got " + maxInflight);
        }
        // In-flight messages are part of the buffer: at most all of it.
        maxInflight = Math.min(maxInflight, bufferSize);
        if (connectTimeoutMs < 1) {
            throw bad(who, "connect.timeout.ms", "must be positive, got " + connectTimeoutMs);
        }
        if (reconnectMinMs < 1) {
            throw bad(who, "reconnect.min.ms", "must be positive, got " + reconnectMinMs);
        }
        if (reconnectMaxMs < reconnectMinMs) {
            throw bad(who, "reconnect.max.ms", "(" + reconnectMaxMs + ") must not be below reconnect.min.ms ("
                    + reconnectMinMs + ")");
        }
        if (keepAliveS < 0) {
            throw bad(who, "keepalive.s", "must be 0 (off) or more, got " + keepAliveS);
        }
        if (drainTimeoutMs < 0) {
            throw bad(who, "drain.timeout.ms", "must be 0 or more, got " + drainTimeoutMs);
        }
    }

    static Settings of(MqttSinkConfig c, String name) {
        return new Settings(name, c.broker_uri(), c.client_id(), c.topic(), c.qos(), c.retain(), c.buffer_size(),
                c.max_inflight(), c.connect_timeout_ms(), c.reconnect_min_ms(), c.reconnect_max_ms(), c.keepalive_s(),
                c.drain_timeout_ms());
    }

    /** Defaults as in {@link MqttSinkConfig}, for tests and tools. */
    static Settings defaults(String name, String brokerUri) {
        return new Settings(name, brokerUri, "", "emotionlens/{pipeline}/faces", 1, false, 10000, 100, 5000, 250,
                5000, 30, 5000);
    }

    Settings withBuffer(int size) {
        return new Settings(name, brokerUri, clientId, topic, qos, retain, size, maxInflight, connectTimeoutMs,
                reconnectMinMs, reconnectMaxMs, keepAliveS, drainTimeoutMs);
    }

    Settings withReconnect(int minMs, int maxMs) {
        return new Settings(name, brokerUri, clientId, topic, qos, retain, bufferSize, maxInflight, connectTimeoutMs,
                minMs, maxMs, keepAliveS, drainTimeoutMs);
    }

    Settings withQos(int q) {
        return new Settings(name, brokerUri, clientId, topic, q, retain, bufferSize, maxInflight, connectTimeoutMs,
                reconnectMinMs, reconnectMaxMs, keepAliveS, drainTimeoutMs);
    }

    private static String checkUri(String who, String uri) {
        String hint = "; write the broker as tcp://host:port (or ssl://, ws://host:port/path, wss://), e.g."
                + " tcp://127.0.0.1:1883";
        if (uri == null || uri.isBlank()) {
            throw bad(who, "broker.uri", "is empty" + hint);
        }
        String u = uri.trim();
        URI parsed;
        try {
            parsed = new URI(u);
        } catch (URISyntaxException e) {
            throw bad(who, "broker.uri", "'" + u + "' is not a URI (" + e.getReason() + ")" + hint);
        }
        String scheme = parsed.getScheme() == null ? null : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !SCHEMES.contains(scheme)) {
            throw bad(who, "broker.uri", "'" + u + "' has " + (scheme == null ? "no scheme" : "scheme '" + scheme + "'")
                    + ", not one of tcp, ssl, ws, wss" + hint);
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw bad(who, "broker.uri", "'" + u + "' names no host" + hint);
        }
        if (parsed.getPort() == 0 || parsed.getPort() > 65535) {
            throw bad(who, "broker.uri", "'" + u + "' has port " + parsed.getPort() + ", not 1..65535" + hint);
        }
        if ((scheme.equals("tcp") || scheme.equals("ssl")) && parsed.getRawPath() != null
                && !parsed.getRawPath().isEmpty()) {
            throw bad(who, "broker.uri", "'" + u + "' has a path (" + parsed.getRawPath() + "); only ws:// and wss://"
                    + " addresses take one" + hint);
        }
        return u;
    }

    static IllegalArgumentException bad(String who, String setting, String problem) {
        return new IllegalArgumentException(who + ": " + setting + " " + problem);
    }

    /** The topic of one face's message. */
    String topicFor(String pipeline, int track) {
        String t = topic;
        if (t.contains("{pipeline}")) {
            t = t.replace("{pipeline}", safe(pipeline));
        }
        if (t.contains("{track}")) {
            t = t.replace("{track}", Integer.toString(track));
        }
        return t;
    }

    /** A pipeline id as one topic level: no level separator, no wildcards. */
    static String safe(String level) {
        if (level == null || level.isEmpty()) {
            return "_";
        }
        return level.replace('/', '_').replace('+', '_').replace('#', '_').replace('\0', '_');
    }
}
