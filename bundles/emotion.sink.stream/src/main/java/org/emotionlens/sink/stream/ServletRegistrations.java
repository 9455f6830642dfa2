package org.emotionlens.sink.stream;

import jakarta.servlet.Servlet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

/**
 * The servlets one sink instance offers to the HTTP Whiteboard (the servlet context of the runtime's HTTP port),
 * registered while the sink is active and withdrawn when it closes. Registered here rather than as components of
 * their own because each sink configuration has its own servlets sharing that sink's state.
 */
public final class ServletRegistrations implements ServletHost {
    private final BundleContext context;
    private final String owner;
    private final String url;
    private final List<ServiceRegistration<Servlet>> registrations = new ArrayList<>();

    /**
     * @param owner the sink's configuration PID: names the servlets and is a service property, so a servlet can be
     *        traced back to its configuration
     * @param runtime the whiteboard runtime the servlets are meant for, its endpoint is {@link #url()}; null when
     *        none is there yet (the whiteboard serves the servlets when it comes)
     */
    public ServletRegistrations(BundleContext context, String owner, ServiceReference<?> runtime) {
        this.context = context;
        this.owner = owner;
        this.url = runtime == null ? null : endpoint(runtime);
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public ServletRegistrations add(String name, Servlet servlet, String... patterns) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, owner + "/" + name);
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, patterns);
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, Boolean.TRUE);
        props.put("emotion.sink.pid", owner);
        registrations.add(context.registerService(Servlet.class, servlet, props));
        return this;
    }

    @Override
    public void close() {
        for (ServiceRegistration<Servlet> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping: already gone
            }
        }
        registrations.clear();
    }

    /**
     * The base URL of a whiteboard runtime from its {@code osgi.http.endpoint} property, with a trailing slash, e.g.
     * {@code http://127.0.0.1:8090/}; null when it announces none.
     */
    public static String endpoint(ServiceReference<?> runtime) {
        Object value = runtime.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        String url = null;
        if (value instanceof String[] a && a.length > 0) {
            url = a[0];
        } else if (value instanceof java.util.Collection<?> c && !c.isEmpty()) {
            url = String.valueOf(c.iterator().next());
        } else if (value instanceof String s && !s.isEmpty()) {
            url = s;
        }
        return url == null ? null : url.endsWith("/") ? url : url + "/";
    }
}
