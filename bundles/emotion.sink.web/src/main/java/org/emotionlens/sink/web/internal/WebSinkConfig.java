package org.emotionlens.sink.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens live web page",
        description = "Serves a live page (current frame, face boxes, labels, probabilities, timeline, latencies)"
                + " through the OSGi HTTP Whiteboard on the runtime's HTTP port (configuration org.apache.felix.http:"
                + " org.osgi.service.http.port, org.apache.felix.http.host); updates are pushed with Server-Sent Events.")
public @interface WebSinkConfig {
    @AttributeDefinition(description = "Most frame images pushed per second and pipeline (JPEG); 0: no images.")
    double max_fps() default 10;

    @AttributeDefinition(description = "Most updates (predictions, latencies) pushed per second and pipeline;"
            + " frames arriving faster are dropped from the page (latest wins) and counted.")
    double max_updates() default 25;

    @AttributeDefinition(description = "JPEG quality, 0..1.")
    float jpeg_quality() default 0.8f;

    @AttributeDefinition(description = "Most pages connected at once; more get HTTP 503.")
    int max_clients() default 16;

    @AttributeDefinition(description = "Filter selecting the HTTP Whiteboard runtime whose endpoint the page's"
            + " address is logged from (there is one in the runtime).")
    String http_target() default "(osgi.http.endpoint=*)";
}
