package org.emotionlens.itests;

import org.emotionlens.api.Pipeline;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

/**
 * What the itests share: where the real data and models are, and configuring stages through Configuration Admin
 * the way profiles do. Every configuration made here is deleted by {@link #close()}.
 */
final class Containers implements AutoCloseable {
    static final Path PROJECT = Path.of(System.getProperty("emotionlens.project", ".."));
    static final Path SHARED = Path.of(System.getProperty("emotionlens.shared", "../../shared"));
    static final Path MODELS = PROJECT.resolve("models");
    static final Path TEST_CSV = SHARED.resolve("data/fer2013-blendshapes/blends_test_full_set.csv");
    static final int TEST_ROWS = 1647;

    private final ConfigurationAdmin configAdmin;
    private final List<Configuration> made = new ArrayList<>();

    Containers(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    static BundleContext context() {
        return FrameworkUtil.getBundle(Containers.class).getBundleContext();
    }

    Configuration configure(String factoryPid, String name, Map<String, Object> properties) throws IOException {
        Configuration c = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        c.update(new Hashtable<>(properties));
        made.add(c);
        return c;
    }

    Configuration csvSource(String name, Path csv) throws IOException {
        return configure("emotion.source.csv", name, Map.of("path", csv.toString()));
    }

    Configuration classifier(String model) throws IOException {
        return configure("emotion.classifier.onnx", model, Map.of("emotion.model", model, "models.dir",
                MODELS.toString()));
    }

    Configuration pipeline(String id, Map<String, Object> extra) throws IOException {
        Hashtable<String, Object> p = new Hashtable<>(extra);
        p.put("id", id);
        p.putIfAbsent("video", false);
        // blendshape pipelines unless a test says otherwise: the container also holds landmark, face-crop and
        // concatenated extractors, which a pipeline without a features.target could bind instead
        p.putIfAbsent("features.target", "(emotion.features.kind=blendshapes)");
        return configure("emotion.pipeline", id, p);
    }

    /**
     * Waits until {@code condition} holds; fails (naming {@code what}) when it does not within the time, so that no
     * test goes on as if it had seen something it never saw.
     */
    static void await(String what, long timeoutMillis, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what
                        + "; components not active: " + inactiveComponents());
            }
            Thread.sleep(5);
        }
    }

    /** Waits until the pipeline with this id has reached one of the given states; returns its service properties. */
    static Map<String, Object> awaitPipeline(String id, long timeoutMillis, String... states)
            throws InterruptedException {
        BundleContext ctx = context();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        String last = "absent";
        while (System.currentTimeMillis() < deadline) {
            try {
                Collection<ServiceReference<Pipeline>> refs = ctx.getServiceReferences(Pipeline.class,
                        "(" + Pipeline.ID + "=" + id + ")");
                for (ServiceReference<Pipeline> r : refs) {
                    last = String.valueOf(r.getProperty(Pipeline.STATE));
                    for (String s : states) {
                        if (s.equals(last)) {
                            Map<String, Object> props = new java.util.HashMap<>();
                            for (String k : r.getPropertyKeys()) {
                                props.put(k, r.getProperty(k));
                            }
                            return props;
                        }
                    }
                }
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("pipeline " + id + " did not reach " + List.of(states) + " within " + timeoutMillis
                + " ms (last state: " + last + "); components not active: " + inactiveComponents());
    }

    /** Components that failed or wait for a reference: what to look at when a pipeline does not come up. */
    static List<String> inactiveComponents() {
        BundleContext ctx = context();
        ServiceReference<ServiceComponentRuntime> ref = ctx.getServiceReference(ServiceComponentRuntime.class);
        List<String> out = new ArrayList<>();
        if (ref == null) {
            return out;
        }
        ServiceComponentRuntime scr = ctx.getService(ref);
        try {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        out.add(d.name + " failed: " + c.failure);
                    } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                        List<String> refs = new ArrayList<>();
                        for (var u : c.unsatisfiedReferences) {
                            refs.add(u.name + " " + u.target);
                        }
                        out.add(d.name + " waits for " + refs);
                    }
                }
            }
        } finally {
            ctx.ungetService(ref);
        }
        return out;
    }

    static long dataLines(Path csv) throws IOException {
        try (var lines = Files.lines(csv)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }

    static Dictionary<String, Object> props(Object... kv) {
        Hashtable<String, Object> d = new Hashtable<>();
        for (int i = 0; i < kv.length; i += 2) {
            d.put((String) kv[i], kv[i + 1]);
        }
        return d;
    }

    @Override
    public void close() {
        for (Configuration c : made) {
            try {
                c.delete();
            } catch (IOException | IllegalStateException e) {
                // already gone
            }
        }
    }
}
