package org.emotionlens.runtime;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A Felix framework running one profile: installs the profile's bundles at their start levels, hands the profile's
 * configurations to the OSGi Configurator, reports errors logged by the components (message only; stack traces are
 * for the log), and follows the pipelines through their service properties until they end.
 */
final class Container implements AutoCloseable {
    static final String PIPELINE_CLASS = "org.emotionlens.api.Pipeline";
    static final String STATE = "emotion.pipeline.state";
    static final String SUMMARY = "emotion.pipeline.summary";
    static final String ID = "emotion.pipeline.id";

    private final Felix felix;
    private final Path storage;
    private final PrintStream out;
    private final PrintStream err;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> pipelines = new ConcurrentHashMap<>();
    private ServiceTracker<Object, Object> pipelineTracker;
    private ServiceTracker<LogReaderService, LogReaderService> logTracker;

    Container(Profile profile, List<Features.Entry> bundles, BundleIndex index, boolean shell, PrintStream out,
            PrintStream err) throws LaunchException {
        this.out = out;
        this.err = err;
        try {
            storage = Files.createTempDirectory("emotionlens-felix-");
            Path configuration = storage.resolve("profile-" + profile.name + ".json");
            Files.writeString(configuration, profile.configuratorJson(Long.toString(System.currentTimeMillis())));
            Map<String, Object> props = new HashMap<>();
            props.put(Constants.FRAMEWORK_STORAGE, storage.resolve("cache").toString());
            props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "100");
            // The launcher reads the components' log, so the log API comes from the class path.
            props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.osgi.service.log;version=1.5.0");
            props.put("configurator.initial", configuration.toUri().toString());
            props.put("felix.cache.locking", "false");
            props.put("felix.log.level", "0"); // framework errors arrive as FrameworkEvents, printed once
            props.put("ds.loglevel", "warn");
            props.put("gosh.args", shell ? "" : "--nointeractive --noshutdown");
            // Framework threads inherit this thread's context loader; the launcher's own JSON provider must not leak
            // into bundles that look one up through it (the Configurator does), so they see the platform loader.
            Thread.currentThread().setContextClassLoader(ClassLoader.getPlatformClassLoader());
            felix = new Felix(props);
            felix.init();
        } catch (IOException | BundleException e) {
            throw new LaunchException("cannot start the OSGi framework: " + e.getMessage(), 1);
        }
        BundleContext context = felix.getBundleContext();
        context.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.ERROR) {
                String bundle = e.getBundle() == null ? "?" : e.getBundle().getSymbolicName();
                String message = "[" + bundle + "] " + (e.getThrowable() == null ? "framework error"
                        : e.getThrowable().getMessage());
                if (isFollowOn(message)) {
                    return;
                }
                errors.add(message);
                err.println("error: " + message);
            }
        });
        watchLog(context);
        watchPipelines(context);
        List<Bundle> installed = new ArrayList<>();
        for (Features.Entry entry : bundles) {
            Path jar = index.jar(entry.symbolicName());
            if (jar == null) {
                close();
                throw new LaunchException("bundle '" + entry.symbolicName() + "' named by " + entry.feature()
                        + " is not in " + index + "; build it (that file's comments say how, usually"
                        + " 'mvn -B -q install -DskipTests') or fix the feature file");
            }
            try {
                // reference: installs the jar in place instead of copying it into the framework cache (the GPU
                // build of ONNX Runtime alone is 420 MB).
                Bundle b = context.installBundle("reference:" + jar.toUri());
                b.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
                installed.add(b);
            } catch (BundleException e) {
                close();
                throw new LaunchException("cannot install " + jar + ": " + e.getMessage());
            }
        }
        for (Bundle b : installed) {
            try {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            } catch (BundleException e) {
                close();
                throw new LaunchException("bundle " + b.getSymbolicName() + " cannot start: " + e.getMessage()
                        + "; a bundle it needs is missing from the profile's features");
            }
        }
    }

    void start() throws LaunchException {
        try {
            felix.start();
            FrameworkStartLevel fsl = felix.adapt(FrameworkStartLevel.class);
            Object done = new Object();
            fsl.setStartLevel(100, e -> {
                synchronized (done) {
                    done.notifyAll();
                }
            });
            synchronized (done) {
                if (fsl.getStartLevel() < 100) {
                    done.wait(30_000);
                }
            }
        } catch (BundleException e) {
            throw new LaunchException("cannot start the OSGi framework: " + e.getMessage(), 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watchLog(BundleContext context) {
        logTracker = new ServiceTracker<>(context, LogReaderService.class, null) {
            @Override
            public LogReaderService addingService(ServiceReference<LogReaderService> reference) {
                LogReaderService reader = super.addingService(reference);
                reader.addLogListener(this::logged);
                return reader;
            }

            private void logged(LogEntry entry) {
                if (entry.getLogLevel() == LogLevel.ERROR) {
                    String message = describe(entry);
                    if (isFollowOn(message) || errors.contains(message)) {
                        return;
                    }
                    errors.add(message);
                    err.println("error: " + message);
                } else if (entry.getLogLevel() == LogLevel.WARN && !isFollowOn(entry.getMessage())
                        && entry.getBundle() != null
                        && entry.getBundle().getSymbolicName() != null
                        && entry.getBundle().getSymbolicName().startsWith("emotion.")) {
                    err.println("warning: " + describe(entry));
                }
            }
        };
        logTracker.open();
    }

    /** Messages SCR logs as a consequence of an error already reported (a component that failed to activate). */
    private static boolean isFollowOn(String message) {
        return message.contains("Service factory returned null") || message.contains("Could not get service from ref");
    }

    /** SCR's prefix "bundle b:1.0 (27)[org.x.internal.Impl(0)] : Error during instantiation...: " -> "Impl: ". */
    private static final java.util.regex.Pattern SCR_PREFIX = java.util.regex.Pattern.compile(
            "^bundle \\S+ \\(\\d+\\)\\[(?:[\\w$]+\\.)*([\\w$]+)\\(\\d+\\)] : (?:Error during instantiation of the implementation object|The activate method has thrown an exception)?:? ?");

    private static String describe(LogEntry entry) {
        String bundle = entry.getBundle() == null ? "?" : entry.getBundle().getSymbolicName();
        String text = SCR_PREFIX.matcher(entry.getMessage()).replaceFirst("$1: ").replaceFirst(":\\s*$", "");
        StringBuilder b = new StringBuilder("[").append(bundle).append("] ").append(text);
        Throwable root = entry.getException();
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != null && root.getMessage() != null && !entry.getMessage().contains(root.getMessage())) {
            b.append(": ").append(root.getMessage());
        }
        return b.toString();
    }

    private void watchPipelines(BundleContext context) {
        try {
            pipelineTracker = new ServiceTracker<>(context,
                    context.createFilter("(" + Constants.OBJECTCLASS + "=" + PIPELINE_CLASS + ")"), null) {
                @Override
                public Object addingService(ServiceReference<Object> reference) {
                    update(reference);
                    return reference;
                }

                @Override
                public void modifiedService(ServiceReference<Object> reference, Object service) {
                    update(reference);
                }

                private void update(ServiceReference<Object> reference) {
                    Map<String, Object> props = new HashMap<>();
                    for (String key : reference.getPropertyKeys()) {
                        props.put(key, reference.getProperty(key));
                    }
                    Object id = props.get(ID);
                    if (id != null) {
                        pipelines.put(id.toString(), props);
                    }
                }
            };
            pipelineTracker.open(true);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until every expected pipeline has ended, prints their summaries and returns the exit code: 0 when all
     * finished, 1 when one failed, 2 when the profile could not start (an error was logged before all pipelines ran).
     */
    int awaitPipelines(List<String> expected, long startupTimeoutMillis) throws InterruptedException {
        long started = System.currentTimeMillis();
        boolean allRunning = false;
        long firstFrameReported = 0;
        while (true) {
            Map<String, String> states = new LinkedHashMap<>();
            for (String id : expected) {
                Map<String, Object> p = pipelines.get(id);
                states.put(id, p == null ? "absent" : String.valueOf(p.get(STATE)));
            }
            if (!allRunning && states.values().stream().noneMatch(s -> s.equals("absent") || s.equals("waiting"))) {
                allRunning = true;
                long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
                firstFrameReported = System.currentTimeMillis() - jvmStart;
                out.printf("pipelines running %d ms after start: %s%n", firstFrameReported, String.join(", ", expected));
            }
            if (!allRunning && !errors.isEmpty()) {
                Thread.sleep(300); // let related errors arrive before giving up
                err.println("error: the profile did not start; fix the problems above");
                return 2;
            }
            if (states.values().stream().allMatch(s -> s.equals("finished") || s.equals("failed")
                    || s.equals("stopped"))) {
                boolean failed = false;
                for (String id : expected) {
                    Map<String, Object> p = pipelines.get(id);
                    out.println(String.valueOf(p.get(SUMMARY)));
                    failed |= !"finished".equals(p.get(STATE));
                }
                return failed ? 1 : 0;
            }
            if (!allRunning && System.currentTimeMillis() - started > startupTimeoutMillis) {
                List<String> missing = new ArrayList<>();
                states.forEach((id, s) -> {
                    if (s.equals("absent")) {
                        missing.add(id);
                    }
                });
                err.println("error: pipeline(s) " + missing + " did not start within " + startupTimeoutMillis / 1000
                        + " s: a stage they need (most likely the source) is not available; check the profile's"
                        + " features and configurations");
                return 2;
            }
            Thread.sleep(20);
        }
    }

    /** Blocks until the framework stops (shell 'stop 0', Ctrl-C). */
    void awaitStop() throws InterruptedException {
        felix.waitForStop(0);
    }

    /** Service properties of every pipeline seen, by id (the last ones published). */
    Map<String, Map<String, Object>> pipelineProperties() {
        return Map.copyOf(pipelines);
    }

    @Override
    public void close() {
        try {
            if (felix.getState() == Bundle.ACTIVE || felix.getState() == Bundle.STARTING) {
                felix.stop();
            }
            FrameworkEvent e = felix.waitForStop(60_000);
            if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                err.println("warning: the framework did not stop within 60 s");
            }
        } catch (BundleException | InterruptedException e) {
            err.println("warning: stopping the framework: " + e.getMessage());
        } finally {
            if (pipelineTracker != null) {
                pipelineTracker.close();
            }
            deleteQuietly(storage);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }
}
