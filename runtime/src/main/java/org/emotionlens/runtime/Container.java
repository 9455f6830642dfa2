package org.emotionlens.runtime;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.LogService;
import org.osgi.util.tracker.ServiceTracker;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A Felix framework running one profile: installs the profile's bundles at their start levels, hands the profile's
 * configurations to the OSGi Configurator, reports errors logged by the components (message only; stack traces are
 * for the log), and follows the pipelines through their service properties until they end. A command's profile has no
 * pipeline: the container serves the command service ({@link #runCommand}).
 *
 * <p>The pipelines wait behind a start gate (their {@code start.gate} property): it opens only once every pipeline
 * is registered, every stage target of every pipeline matches a service, every configured sink has been created
 * and nothing reported an error, so a profile that cannot run fails before any output is written, and every run
 * starts from the same settled set of services.
 */
final class Container implements AutoCloseable {
    /** Felix Event Admin's framework property naming topics it does not deliver. */
    static final String EVENT_ADMIN_IGNORE_TOPIC = "org.apache.felix.eventadmin.IgnoreTopic";
    /**
     * Event Admin turns every framework, bundle, service and log event into an Event Admin event, posted on its own
     * threads. Nothing here subscribes to them, and one arriving while Event Admin stopped was rejected by its closed
     * pool (a warning on exit that failed the launcher's tests); an ignored topic never reaches the pool. Felix's
     * "prefix*" form adds the '/' itself ("org/osgi/framework/*" would match nothing).
     */
    static final String EVENT_ADMIN_IGNORED_TOPICS = "org/osgi/framework*,org/osgi/service/log*";

    static final String PIPELINE_CLASS = "org.emotionlens.api.Pipeline";
    static final String STATE = "emotion.pipeline.state";
    static final String SUMMARY = "emotion.pipeline.summary";
    static final String ID = "emotion.pipeline.id";

    /** Service property of the gate service the launcher registers when the pipelines may start. */
    static final String GATE = "emotion.launcher.gate";
    static final String API = "org.emotionlens.api.";
    /** Stage name to the service interface a pipeline's {@code <stage>.target} selects from. */
    static final Map<String, String> STAGES = stages();

    private static Map<String, String> stages() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", API + "FrameSource");
        m.put("detector", API + "FaceDetector");
        m.put("landmarker", API + "FaceLandmarker");
        m.put("features", API + "FeatureExtractor");
        m.put("classifier", API + "EmotionClassifier");
        m.put("filter", API + "PredictionFilter");
        m.put("sinks", API + "PredictionSink");
        return m;
    }

    private final Felix felix;
    private final Path storage;
    private final Profile profile;
    private final String configurationUri;
    private final String gateToken = UUID.randomUUID().toString();
    private final PrintStream out;
    private final PrintStream err;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> pipelines = new ConcurrentHashMap<>();
    private final List<ServiceReference<?>> held = new ArrayList<>();
    private volatile long lastServiceEvent = System.nanoTime();
    private volatile String flushMarker;
    private volatile boolean flushed;
    private ServiceRegistration<Object> gate;
    private int errorsBeforeGate;
    private ServiceTracker<Object, Object> pipelineTracker;
    private ServiceTracker<LogReaderService, LogReaderService> logTracker;
    private boolean closed;
    private HttpServerErrors httpErrors;

    Container(Profile profile, List<Features.Entry> bundles, BundleIndex index, boolean shell, PrintStream out,
            PrintStream err) throws LaunchException {
        this.out = out;
        this.err = err;
        this.profile = profile;
        NativeTempFolders.watch();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("emotionlens-felix-");
            Path configuration = dir.resolve("profile-" + profile.name.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
            configurationUri = configuration.toUri().toString();
            Files.writeString(configuration, profile.configuratorJson(Long.toString(System.currentTimeMillis()),
                    "(" + GATE + "=" + gateToken + ")"));
            Map<String, Object> props = new HashMap<>();
            props.put(Constants.FRAMEWORK_STORAGE, dir.resolve("cache").toString());
            props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "100");
            // The launcher reads the components' log, so the log API comes from the class path.
            props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.osgi.service.log;version=1.5.0");
            props.put("configurator.initial", configuration.toUri().toString());
            props.put("felix.cache.locking", "false");
            props.put("felix.log.level", "0"); // framework errors arrive as FrameworkEvents, printed once
            props.put("ds.loglevel", "warn");
            // Felix's Jetty waits for the profile's org.apache.felix.http configuration instead of opening its
            // default port first (features/web.bundles)
            props.put("org.apache.felix.http.require.config", "true");
            props.put("gosh.args", shell ? "" : "--nointeractive --noshutdown");
            props.put(EVENT_ADMIN_IGNORE_TOPIC, EVENT_ADMIN_IGNORED_TOPICS);
            // Framework threads inherit this thread's context loader; the launcher's own JSON provider must not leak
            // into bundles that look one up through it (the Configurator does), so they see the platform loader.
            Thread.currentThread().setContextClassLoader(ClassLoader.getPlatformClassLoader());
            felix = new Felix(props);
            felix.init();
        } catch (IOException | BundleException | RuntimeException e) {
            deleteQuietly(dir);
            throw new LaunchException("cannot start the OSGi framework for profile " + profile.name + " ("
                    + profile.file + "): " + e.getMessage(), 1);
        }
        storage = dir;
        BundleContext context = felix.getBundleContext();
        context.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.ERROR) {
                String bundle = e.getBundle() == null ? "?" : e.getBundle().getSymbolicName();
                String message = "[" + bundle + "] " + (e.getThrowable() == null ? "framework error"
                        : messageOf(e.getThrowable()));
                if (isFollowOn(message)) {
                    return;
                }
                report(message);
            }
        });
        context.addServiceListener(e -> lastServiceEvent = System.nanoTime());
        watchLog(context);
        httpErrors = HttpServerErrors.watch(this::report);
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
                String marker = flushMarker;
                if (marker != null && marker.equals(entry.getMessage())) {
                    flushed = true;
                    return;
                }
                if (entry.getLogLevel() == LogLevel.ERROR) {
                    String message = describe(entry);
                    if (isFollowOn(message) || errors.contains(message)) {
                        return;
                    }
                    report(message);
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

    private void report(String message) {
        // The Configurator names the launcher's temporary copy of the profile; the user knows the profile file.
        String m = message.replace(configurationUri, profile.file.toString());
        errors.add(m);
        err.println("error: " + m);
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
        String detail = messageOf(entry.getException());
        if (detail != null && !entry.getMessage().contains(detail)) {
            b.append(": ").append(detail);
        }
        return b.toString();
    }

    /**
     * The messages of an exception chain, outermost first, leaving out wrappers that only repeat their cause and
     * causes already quoted by the message before them (an IllegalArgumentException naming the port keeps the port
     * instead of giving way to the bare "Address already in use" of its cause).
     */
    static String messageOf(Throwable t) {
        List<String> parts = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m == null || m.isBlank() || (c.getCause() != null && m.equals(c.getCause().toString()))
                    || m.matches("^[\\w.$]+(Exception|Error)(: null)?$") || m.contains("InvocationTargetException")) {
                continue; // a wrapper that only names its cause
            }
            if (parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
            if (c instanceof OutOfMemoryError) {
                break;
            }
        }
        return parts.isEmpty() ? (t == null ? null : t.getClass().getSimpleName()) : String.join(": ", parts);
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
     * Opens the start gate once the profile has settled, waits until every expected pipeline has ended, prints their
     * summaries and returns the exit code: 0 when all finished and nothing reported an error, 1 when one failed or
     * an error was reported while they ran, 2 when the profile could not start (an error before the gate opened, a
     * stage target that matches nothing, a sink that could not be created, a pipeline that never registered).
     */
    int awaitPipelines(List<String> expected, long startupTimeoutMillis) throws InterruptedException {
        if (!openGate(expected, startupTimeoutMillis)) {
            return 2;
        }
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        out.printf("pipelines running %d ms after start: %s%n", System.currentTimeMillis() - jvmStart,
                String.join(", ", expected));
        while (true) {
            boolean ended = true;
            for (String id : expected) {
                Map<String, Object> p = pipelines.get(id);
                String s = p == null ? "absent" : String.valueOf(p.get(STATE));
                ended &= s.equals("finished") || s.equals("failed") || s.equals("stopped");
            }
            if (ended) {
                break;
            }
            Thread.sleep(20);
        }
        flushLog();
        boolean failed = false;
        for (String id : expected) {
            Map<String, Object> p = pipelines.get(id);
            out.println(String.valueOf(p.get(SUMMARY)));
            failed |= !"finished".equals(p.get(STATE));
        }
        int late = errors.size() - errorsBeforeGate;
        if (!failed && late > 0) {
            err.println("error: " + late + " error(s) reported while the pipelines ran (above): the outputs may be"
                    + " incomplete");
        }
        return failed || late > 0 ? 1 : 0;
    }

    /**
     * Waits for the profile to settle and opens the gate; false (after printing why) when it cannot start. The
     * configurations reach the framework in order with the pipelines last, and components register their services
     * before they activate, so a registered pipeline whose target still matches nothing a second later will never
     * be served.
     */
    private boolean openGate(List<String> expected, long startupTimeoutMillis) throws InterruptedException {
        long started = System.nanoTime();
        while (true) {
            if (!errors.isEmpty()) {
                Thread.sleep(300); // let related errors arrive before giving up
                err.println("error: the profile did not start; fix the problem" + (errors.size() > 1 ? "s" : "")
                        + " above");
                return false;
            }
            boolean allRegistered = expected.stream().allMatch(pipelines::containsKey);
            List<String> problems = startupProblems(expected);
            long quietMillis = (System.nanoTime() - lastServiceEvent) / 1_000_000;
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            if (problems.isEmpty() && quietMillis >= 200) {
                errorsBeforeGate = errors.size();
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(GATE, gateToken);
                gate = felix.getBundleContext().registerService(Object.class, new Object(), props);
                return true;
            }
            boolean settled = allRegistered ? quietMillis >= 1000 : quietMillis >= 5000 && elapsedMillis >= 5000;
            if (!problems.isEmpty() && (settled || elapsedMillis > startupTimeoutMillis)) {
                Thread.sleep(100);
                if (!errors.isEmpty()) {
                    continue; // a component's own error explains it better
                }
                for (String p : problems) {
                    err.println("error: " + p);
                }
                err.println("error: the profile did not start; fix the problem" + (problems.size() > 1 ? "s" : "")
                        + " above (" + profile.file + ")");
                return false;
            }
            Thread.sleep(20);
        }
    }

    /** What keeps the pipelines from starting, one line each; empty when they may start. */
    private List<String> startupProblems(List<String> expected) {
        List<String> problems = new ArrayList<>();
        BundleContext context = felix.getBundleContext();
        for (Map.Entry<String, JsonValue> e : profile.configurations.entrySet()) {
            String pid = e.getKey();
            if (!pid.startsWith(Profile.PIPELINE_FACTORY) || e.getValue().getValueType() != JsonValue.ValueType.OBJECT) {
                continue;
            }
            JsonObject config = e.getValue().asJsonObject();
            String id = config.containsKey("id") ? config.getString("id", pid) : pid.substring(
                    Profile.PIPELINE_FACTORY.length());
            if (!expected.contains(id)) {
                continue;
            }
            for (Map.Entry<String, String> stage : STAGES.entrySet()) {
                String target = string(config, stage.getKey() + ".target");
                if (target == null || !needed(stage.getKey(), config)) {
                    continue;
                }
                try {
                    ServiceReference<?>[] refs = context.getServiceReferences(stage.getValue(), target);
                    if (refs == null) {
                        problems.add("pipeline " + id + ": no " + stage.getKey() + " matches " + stage.getKey()
                                + ".target " + target + " (" + pid + " in " + profile.file + "); "
                                + available(context, stage.getValue(), target));
                    }
                } catch (InvalidSyntaxException ex) {
                    problems.add("pipeline " + id + ": " + stage.getKey() + ".target '" + target + "' (" + pid + " in "
                            + profile.file + ") is not a valid LDAP filter: " + ex.getMessage());
                }
            }
            if (!pipelines.containsKey(id) && problems.isEmpty()) {
                problems.add("pipeline " + id + " (" + pid + ") is not registered: its configuration was not applied"
                        + " or a stage it needs at start (the source) is missing");
            }
        }
        for (String pid : profile.configurations.keySet()) {
            if (pid.startsWith("emotion.sink.") && pid.contains("~")) {
                String problem = sinkProblem(context, pid);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    private static boolean needed(String stage, JsonObject config) {
        if (stage.equals("filter")) {
            return "true".equalsIgnoreCase(string(config, "filter")) || "true".equalsIgnoreCase(string(config,
                    "filter:Boolean"));
        }
        if (stage.equals("landmarker")) {
            return !"false".equalsIgnoreCase(string(config, "landmarks")) && !"false".equalsIgnoreCase(string(config,
                    "landmarks:Boolean"));
        }
        return true;
    }

    private static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return v.getValueType() == JsonValue.ValueType.STRING ? o.getString(key) : v.toString();
    }

    /** A configured sink that is not registered or whose component could not be created; null when it is fine. */
    private String sinkProblem(BundleContext context, String pid) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(STAGES.get("sinks"), "(service.pid=" + pid + ")");
            if (refs == null) {
                return "sink " + pid + " (" + profile.file + ") is not registered: its bundle is not in the profile's"
                        + " features or its configuration is invalid";
            }
            synchronized (held) {
                if (held.contains(refs[0])) {
                    return null;
                }
                // Creates a delayed sink now, so that a sink that cannot write fails before any frame is processed.
                if (context.getService(refs[0]) == null) {
                    return "sink " + pid + " (" + profile.file + ") could not be created";
                }
                held.add(refs[0]);
            }
            return null;
        } catch (InvalidSyntaxException e) {
            return "sink " + pid + ": " + e.getMessage();
        }
    }

    /** The services of a stage, by the properties the target filters on. */
    private static String available(BundleContext context, String iface, String target) {
        Set<String> keys = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(\\s*([^=<>~()!&|\\s]+)\\s*[<>~]?=")
                .matcher(target);
        while (m.find()) {
            keys.add(m.group(1));
        }
        List<String> found = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(iface, null);
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                List<String> props = new ArrayList<>();
                for (String k : keys) {
                    Object v = r.getProperty(k);
                    if (v != null) {
                        props.add(k + "=" + (v instanceof Object[] a ? java.util.Arrays.toString(a) : v));
                    }
                }
                Object pid = r.getProperty("service.pid");
                Object name = r.getProperty("component.name");
                found.add((props.isEmpty() ? "(no " + String.join(", ", keys) + ")" : String.join(" ", props)) + " ["
                        + (pid != null ? pid : name) + "]");
            }
        } catch (InvalidSyntaxException e) {
            // the filter was checked before
        }
        String what = iface.substring(iface.lastIndexOf('.') + 1);
        return found.isEmpty() ? "no " + what + " service is registered at all (is its bundle in the profile's"
                + " features?)" : "available: " + String.join(", ", found);
    }

    /** Service property naming a command service ({@code org.emotionlens.api.command.Command.NAME}). */
    static final String COMMAND_NAME = "emotion.command.name";

    /**
     * Waits for the command service {@code name} and runs it with the launcher's streams; 2 (after printing why)
     * when the container cannot serve it: a component reported an error, or a target of the command's
     * configuration matches nothing.
     */
    int runCommand(String name, String[] args, long startupTimeoutMillis) throws LaunchException,
            InterruptedException {
        Object command = awaitCommand(name, startupTimeoutMillis);
        if (command == null) {
            return 2;
        }
        try {
            // the launcher does not share the API's class loader: call through the service's own interface
            for (Class<?> c = command.getClass(); c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    if (i.getName().equals(API + "command.Command")) {
                        Object code = i.getMethod("run", String[].class, PrintStream.class, PrintStream.class)
                                .invoke(command, args, out, err);
                        return (Integer) code;
                    }
                }
            }
            throw new LaunchException("the service of command '" + name + "' is not an " + API + "command.Command", 1);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new LaunchException(name + " failed: " + e.getCause(), 1);
        } catch (ReflectiveOperationException e) {
            throw new LaunchException("command '" + name + "' cannot be called: " + e, 1);
        }
    }

    private Object awaitCommand(String name, long startupTimeoutMillis) throws InterruptedException {
        BundleContext context = felix.getBundleContext();
        String filter = "(" + COMMAND_NAME + "=" + name + ")";
        long started = System.nanoTime();
        while (true) {
            if (!errors.isEmpty()) {
                Thread.sleep(300); // let related errors arrive before giving up
                err.println("error: command " + name + " did not start; fix the problem" + (errors.size() > 1 ? "s"
                        : "") + " above");
                return null;
            }
            ServiceReference<?>[] refs;
            try {
                refs = context.getServiceReferences((String) null, filter);
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException("command name '" + name + "': " + e.getMessage(), e);
            }
            long quietMillis = (System.nanoTime() - lastServiceEvent) / 1_000_000;
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            if (refs != null && quietMillis >= 200) {
                Object service = context.getService(refs[0]);
                if (service != null) {
                    synchronized (held) {
                        held.add(refs[0]);
                    }
                    return service;
                }
            }
            if ((quietMillis >= 5000 && elapsedMillis >= 5000) || elapsedMillis > startupTimeoutMillis) {
                Thread.sleep(100);
                if (!errors.isEmpty()) {
                    continue; // a component's own error explains it better
                }
                for (String p : commandProblems(context, name)) {
                    err.println("error: " + p);
                }
                err.println("error: command " + name + " did not start (" + profile.file + ")");
                return null;
            }
            Thread.sleep(20);
        }
    }

    /** The targets of the command's configuration ({@code emotion.command.<name>}) that match no service. */
    private List<String> commandProblems(BundleContext context, String name) {
        List<String> problems = new ArrayList<>();
        String pid = "emotion.command." + name;
        JsonValue config = profile.configurations.get(pid);
        if (config != null && config.getValueType() == JsonValue.ValueType.OBJECT) {
            for (Map.Entry<String, JsonValue> e : config.asJsonObject().entrySet()) {
                String target = string(config.asJsonObject(), e.getKey());
                if (!e.getKey().endsWith(".target") || target == null) {
                    continue;
                }
                try {
                    if (context.getServiceReferences((String) null, target) == null) {
                        problems.add("command " + name + ": nothing matches " + e.getKey() + " " + target + " (" + pid
                                + " in " + profile.file + "); is its bundle in the profile's features?");
                    }
                } catch (InvalidSyntaxException ex) {
                    problems.add("command " + name + ": " + e.getKey() + " '" + target + "' (" + pid + " in "
                            + profile.file + ") is not a valid LDAP filter: " + ex.getMessage());
                }
            }
        }
        if (problems.isEmpty()) {
            problems.add("command " + name + ": no service " + COMMAND_NAME + "=" + name + " is registered (is its"
                    + " bundle in the features of " + profile.file + "?)");
        }
        return problems;
    }

    /** Waits (at most 2 s) until every log entry made so far has reached the listener. */
    private void flushLog() throws InterruptedException {
        try {
            BundleContext context = felix.getBundleContext();
            ServiceReference<LogService> ref = context == null ? null : context.getServiceReference(LogService.class);
            LogService log = ref == null ? null : context.getService(ref);
            if (log == null) {
                return;
            }
            flushMarker = "emotionlens launcher log marker " + UUID.randomUUID();
            @SuppressWarnings("deprecation")
            Runnable mark = () -> log.log(LogService.LOG_INFO, flushMarker);
            mark.run();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!flushed && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (IllegalStateException e) {
            // the framework is stopping (Ctrl-C): nothing more will be logged through it
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

    /**
     * Stops the pipelines first (each ends its current frame, then flushes its sinks while they are still there),
     * then the framework; deletes the framework's temporary folder. Safe to call from several threads (the shutdown
     * hook on Ctrl-C and the main thread): the second waits for the first.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (httpErrors != null) {
            httpErrors.unwatch(); // Jetty stopping with the framework is no error of the profile
        }
        try {
            if (gate != null) {
                try {
                    gate.unregister();
                } catch (IllegalStateException e) {
                    // already gone
                }
            }
            BundleContext context = felix.getBundleContext();
            if (context != null && felix.getState() == Bundle.ACTIVE) {
                // The pipelines first, while their sinks are there. (The framework's own stop events never reach
                // Event Admin: EVENT_ADMIN_IGNORED_TOPICS.)
                for (Bundle b : context.getBundles()) {
                    if ("emotion.pipeline".equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                        try {
                            b.stop(Bundle.STOP_TRANSIENT);
                        } catch (BundleException | IllegalStateException e) {
                            err.println("warning: stopping emotion.pipeline: " + e.getMessage());
                        }
                    }
                }
            }
            if (felix.getState() == Bundle.ACTIVE || felix.getState() == Bundle.STARTING) {
                felix.stop();
            }
            FrameworkEvent e = felix.waitForStop(60_000);
            if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                err.println("warning: the framework did not stop within 60 s");
            }
        } catch (BundleException | InterruptedException | RuntimeException e) {
            err.println("warning: stopping the framework: " + e.getMessage());
        } finally {
            if (pipelineTracker != null) {
                pipelineTracker.close();
            }
            deleteQuietly(storage);
            NativeTempFolders.delete();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // temporary files only; a second attempt below catches what a concurrent walk left
        }
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // give up quietly
            }
        }
    }
}
