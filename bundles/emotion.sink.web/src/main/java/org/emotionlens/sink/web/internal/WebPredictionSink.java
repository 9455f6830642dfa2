package org.emotionlens.sink.web.internal;

import org.emotionlens.api.FrameResult;
import org.emotionlens.api.PredictionSink;
import org.emotionlens.sink.stream.ClientStreams;
import org.emotionlens.sink.stream.ServletHost;
import org.emotionlens.sink.stream.ServletRegistrations;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

import java.util.logging.Logger;

/**
 * The live web page as a prediction sink: receives the pipelines' results and hands them to the {@link
 * FramePublisher}; while active it offers the page, its event stream, the frame images and the state to the HTTP
 * Whiteboard (the runtime's one HTTP port, configured by {@code org.apache.felix.http}). It waits for a whiteboard
 * ({@code http.target} selects one) and logs the page's address from the whiteboard's endpoint.
 */
@Component(configurationPid = WebPredictionSink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = PredictionSink.TYPE + "=web", immediate = true)
@Designate(ocd = WebSinkConfig.class, factory = true)
public class WebPredictionSink implements PredictionSink {
    static final String PID = "emotion.sink.web";
    private static final Logger LOG = Logger.getLogger(PID);

    private final ClientStreams streams;
    private final FramePublisher publisher;
    private final ServletHost servlets;
    private final String url;

    @Activate
    public WebPredictionSink(WebSinkConfig config, BundleContext context,
            @Reference(name = "http") ServiceReference<HttpServiceRuntime> http) {
        this(config.max_fps(), config.max_updates(), config.jpeg_quality(), config.max_clients(),
                new ServletRegistrations(context, PID, http));
    }

    /** Also for tests, which serve the same servlets from a plain Jetty. */
    WebPredictionSink(double maxFps, double maxUpdates, float jpegQuality, int maxClients, ServletHost servlets) {
        if (!(maxUpdates > 0)) {
            throw new IllegalArgumentException(PID + " max.updates must be > 0, got " + maxUpdates);
        }
        if (!(maxFps >= 0)) {
            throw new IllegalArgumentException(PID + " max.fps must be >= 0 (0: no images), got " + maxFps);
        }
        JpegEncoder jpeg = new JpegEncoder(jpegQuality);
        this.url = servlets.url();
        this.streams = new ClientStreams(PID, maxClients, 256);
        this.publisher = new FramePublisher(streams, jpeg, maxUpdates, maxFps);
        this.servlets = servlets;
        servlets.add("page", new PageServlet(), "/", "/index.html", "/app.js", "/style.css")
                .add("events", new PageEventsServlet(streams, this::hello), "/events")
                .add("frame", new FrameImageServlet(publisher.images()), "/frame.jpg")
                .add("state", new StateServlet(publisher), "/state.json");
        LOG.info("web page: " + url);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8090/}. */
    String url() {
        return url;
    }

    FramePublisher publisher() {
        return publisher;
    }

    ClientStreams streams() {
        return streams;
    }

    String hello() {
        return FrameEvents.event("hello", FrameEvents.hello(url, publisher.maxUpdates(), publisher.maxFps(),
                publisher.state()));
    }

    @Override
    public void accept(FrameResult result) {
        publisher.park(result);
    }

    /** Publishes what is still waiting (so the page shows the last frame) and tells the page; keeps it connected. */
    @Override
    public void flush() {
        publisher.publishPending();
        streams.broadcast(FrameEvents.event("flush", publisher.state()));
    }

    /** Ends every page's stream with an {@code end} event and withdraws the servlets. */
    @Deactivate
    void close() {
        publisher.close();
        streams.close(FrameEvents.event("end", publisher.state()), 2000);
        servlets.close();
    }

    @Override
    public String toString() {
        return "web:" + url;
    }
}
