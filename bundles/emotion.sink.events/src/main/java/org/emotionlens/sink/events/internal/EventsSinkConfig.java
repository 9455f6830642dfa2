package org.emotionlens.sink.events.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens prediction events",
        description = "Posts every prediction as an OSGi event (emotionlens/prediction, emotionlens/label/changed)"
                + " and, when a port is set, streams them as JSON lines over HTTP (SSE at /events, NDJSON at"
                + " /stream) for programs outside the container.")
public @interface EventsSinkConfig {
    @AttributeDefinition(description = "Post EventAdmin events (when an EventAdmin service is present).")
    boolean eventadmin() default true;

    @AttributeDefinition(description = "TCP port of the JSON-lines endpoint; -1: no endpoint, 0: any free port"
            + " (the URL is logged at INFO).")
    int port() default -1;

    @AttributeDefinition(description = "Address to listen on; 0.0.0.0 offers the stream to the network (there is no"
            + " authentication).")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(description = "Lines queued per connected client; a client that falls further behind loses"
            + " the oldest and is told with an 'overflow' line.")
    int queue_size() default 8192;

    @AttributeDefinition(description = "Most clients connected at once; more get HTTP 503.")
    int max_clients() default 8;
}
