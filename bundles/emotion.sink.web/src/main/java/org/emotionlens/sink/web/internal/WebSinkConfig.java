package org.emotionlens.sink.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens live web page",
        description = "Serves a live page (current frame, face boxes, labels, probabilities, timeline, latencies)"
                + " from the JDK's HTTP server; updates are pushed with Server-Sent Events.")
public @interface WebSinkConfig {
    @AttributeDefinition(description = "TCP port; 0 picks a free one (the URL is logged at INFO).")
    int port() default 8090;

    @AttributeDefinition(description = "Address to listen on; 127.0.0.1 keeps the page on this machine, 0.0.0.0"
            + " offers it to the network (there is no authentication).")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(description = "Most frame images pushed per second and pipeline (JPEG); 0: no images.")
    double max_fps() default 10;

    @AttributeDefinition(description = "Most updates (predictions, latencies) pushed per second and pipeline;"
            + " frames arriving faster are dropped from the page (latest wins) and counted.")
    double max_updates() default 25;

    @AttributeDefinition(description = "JPEG quality, 0..1.")
    float jpeg_quality() default 0.8f;

    @AttributeDefinition(description = "Most pages connected at once; more get HTTP 503.")
    int max_clients() default 16;
}
