package org.emotionlens.sink.mqtt.internal;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A robot's side: a Paho client subscribed with QoS 1 in a persistent session (the broker keeps its subscription
 * and queues its messages across a broker restart and while it reconnects).
 */
final class Subscriber implements AutoCloseable {
    record Received(String topic, JsonObject json, String text) {
        long seq() {
            return json.getJsonNumber("seq").longValue();
        }
    }

    final List<Received> messages = new CopyOnWriteArrayList<>();
    private final MqttAsyncClient client;
    private final String filter;

    Subscriber(String uri, String filter) throws MqttException {
        this.filter = filter;
        client = new MqttAsyncClient(uri, "robot-" + Long.toHexString(System.nanoTime()), new MemoryPersistence());
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    try {
                        client.subscribe(filter, 1); // harmless when the broker kept the session
                    } catch (MqttException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                String text = new String(message.getPayload(), StandardCharsets.UTF_8);
                try (JsonReader r = Json.createReader(new StringReader(text))) {
                    messages.add(new Received(topic, r.readObject(), text));
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(500);
        o.setKeepAliveInterval(10);
        o.setMaxInflight(1000);
        client.connect(o).waitForCompletion(10_000);
        client.subscribe(filter, 1).waitForCompletion(10_000);
    }

    /** Messages by seq, first arrival kept (a reconnect may bring a message twice: at least once). */
    Map<Long, Received> distinct() {
        Map<Long, Received> out = new LinkedHashMap<>();
        for (Received r : messages) {
            out.putIfAbsent(r.seq(), r);
        }
        return out;
    }

    /** Seqs in order of first arrival. */
    List<Long> order() {
        return new ArrayList<>(distinct().keySet());
    }

    void awaitDistinct(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (distinct().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("subscriber got " + distinct().size() + " distinct messages of " + count
                        + " within " + timeoutMillis + " ms");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
        } finally {
            client.close(true);
        }
    }
}
