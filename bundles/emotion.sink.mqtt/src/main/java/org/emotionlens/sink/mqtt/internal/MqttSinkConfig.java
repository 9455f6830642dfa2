package org.emotionlens.sink.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens MQTT sink",
        description = "Publishes one JSON message per face per frame to an MQTT broker (robot fleets). While the"
                + " broker is away messages wait in a bounded buffer (the oldest are dropped and counted); the sink"
                + " reconnects with backoff and sends them in order once the broker is back.")
public @interface MqttSinkConfig {
    @AttributeDefinition(description = "Broker address: tcp://host:port (also ssl://, ws://, wss://).")
    String broker_uri() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(description = "MQTT client id; empty: emotionlens-<configuration name>-<random>. Two"
            + " clients with the same id push each other off the broker.")
    String client_id() default "";

    @AttributeDefinition(description = "Topic of the face messages; {pipeline} is replaced by the pipeline id and"
            + " {track} by the face's track id. No wildcards (+, #).")
    String topic() default "emotionlens/{pipeline}/faces";

    @AttributeDefinition(description = "MQTT quality of service: 0 (at most once), 1 (at least once), 2 (exactly"
            + " once).")
    int qos() default 1;

    @AttributeDefinition(description = "Publish with the retain flag (the broker keeps the last message of each topic"
            + " for late subscribers).")
    boolean retain() default false;

    @AttributeDefinition(description = "Messages held while the broker is away (or slower than the pipeline), in"
            + " flight ones included; when full the oldest waiting message is dropped and counted.")
    int buffer_size() default 10000;

    @AttributeDefinition(description = "Messages sent but not yet acknowledged by the broker, at most.")
    int max_inflight() default 100;

    @AttributeDefinition(description = "Milliseconds to wait for the broker's answer to a connect.")
    int connect_timeout_ms() default 5000;

    @AttributeDefinition(description = "Milliseconds before the first reconnect attempt; doubled after each failed"
            + " attempt up to reconnect.max.ms.")
    int reconnect_min_ms() default 250;

    @AttributeDefinition(description = "Longest wait between reconnect attempts, milliseconds.")
    int reconnect_max_ms() default 5000;

    @AttributeDefinition(description = "MQTT keep-alive interval, seconds (0: off).")
    int keepalive_s() default 30;

    @AttributeDefinition(description = "At the end of input and at shutdown, how long to wait (milliseconds) for the"
            + " buffered messages to reach a connected broker.")
    int drain_timeout_ms() default 5000;
}
