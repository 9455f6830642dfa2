package org.emotionlens.sink.events.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "EmotionLens prediction events",
        description = "Posts every prediction as an OSGi event (emotionlens/prediction, emotionlens/label/changed)"
                + " and, when http.enabled, streams them as JSON lines through the HTTP Whiteboard on the runtime's"
                + " HTTP port (SSE at <http.path>/events, NDJSON at <http.path>/stream) for programs outside the"
                + " container.")
public @interface EventsSinkConfig {
    @AttributeDefinition(description = "Post EventAdmin events (when an EventAdmin service is present).")
    boolean eventadmin() default true;

    @AttributeDefinition(description = "Serve the JSON-lines streams on the runtime's HTTP port (configuration"
            + " org.apache.felix.http: org.osgi.service.http.port, org.apache.felix.http.host).")
    boolean http_enabled() default false;

    @AttributeDefinition(description = "Path of the streams on the HTTP port; the web page has the root.")
    String http_path() default "/predictions";

    @AttributeDefinition(description = "Filter selecting the HTTP Whiteboard runtime whose endpoint is logged.")
    String http_target() default "(osgi.http.endpoint=*)";

    @AttributeDefinition(description = "Lines queued per connected client; a client that falls further behind loses"
            + " the oldest and is told with an 'overflow' line.")
    int queue_size() default 8192;

    @AttributeDefinition(description = "Most clients connected at once; more get HTTP 503.")
    int max_clients() default 8;
}
