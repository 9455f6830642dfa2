package org.emotionlens.runtime;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * {@code emotionlens <command> [options]}. {@code run} starts a Felix container on a profile; {@code profiles} lists
 * them; every other command (train, evaluate, models, dataset, ...) is declared by a bundle's
 * {@code EmotionLens-Commands} header and runs on a plain class path of the runtime's bundles.
 */
public final class Main {
    private final Home home;
    private final PrintStream out;
    private final PrintStream err;

    public Main(Home home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        configureLogging(Level.INFO);
        int code = new Main(Home.fromSystem(), System.out, System.err).execute(args);
        System.exit(code);
    }

    /** Runs a command and returns its exit code; problems are printed as one clear message. */
    public int execute(String[] args) {
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
                usage(out);
                return args.length == 0 ? 2 : 0;
            }
            String command = args[0];
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            return switch (command) {
                case "run" -> run(rest);
                case "profiles" -> profiles();
                default -> external(command, rest);
            };
        } catch (LaunchException e) {
            err.println("error: " + e.getMessage());
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 130;
        }
    }

    private static Options runOptions() {
        Options o = new Options();
        o.addOption(Option.builder("p").longOpt("profile").hasArg().argName("name")
                .desc("profile to run: configs/<name>.json").build());
        o.addOption(Option.builder("i").longOpt("input").hasArg().argName("path|url")
                .desc("input for the profile's source (sets the variable 'input')").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("dir")
                .desc("folder for the profile's outputs (sets the variable 'output'; default out/<profile>)").build());
        o.addOption(Option.builder("D").longOpt("set").hasArgs().argName("name=value")
                .desc("set a profile variable, e.g. --set model=dense (repeatable)").build());
        o.addOption(Option.builder().longOpt("shell")
                .desc("add a Gogo shell (commands: emotion:stages, emotion:swap) and keep running").build());
        o.addOption(Option.builder().longOpt("startup-timeout").hasArg().argName("seconds")
                .desc("how long pipelines may take to start (default 60)").build());
        o.addOption(Option.builder("q").longOpt("quiet").desc("print warnings and the summary only").build());
        return o;
    }

    private int run(String[] args) throws LaunchException, InterruptedException {
        CommandLine cl = parse("run", runOptions(), args);
        if (!cl.hasOption("profile")) {
            throw new LaunchException("run needs --profile <name>; profiles: " + String.join(", ",
                    Profile.available(home)));
        }
        if (cl.hasOption("quiet")) {
            configureLogging(Level.WARNING);
        }
        Map<String, String> vars = new LinkedHashMap<>();
        if (cl.hasOption("input")) {
            vars.put("input", absolute(cl.getOptionValue("input")));
        }
        if (cl.hasOption("output")) {
            vars.put("output", absolute(cl.getOptionValue("output")));
        }
        for (String kv : cl.getOptionValues("set") == null ? new String[0] : cl.getOptionValues("set")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new LaunchException("--set takes name=value, got '" + kv + "'");
            }
            vars.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Profile profile = Profile.load(home, cl.getOptionValue("profile"), vars);
        home.checkAssembled();
        BundleIndex index = new BundleIndex(home.bundles());
        List<String> features = new ArrayList<>(profile.features);
        boolean shell = cl.hasOption("shell");
        if (shell) {
            features.add("shell");
        }
        List<Features.Entry> bundles = new Features(home.features()).resolve(features);
        List<String> pipelines = profile.pipelines();
        if (pipelines.isEmpty() && !shell) {
            throw new LaunchException(profile.file + " configures no pipeline (a configuration named"
                    + " 'emotion.pipeline~<id>'); nothing to run");
        }
        long timeout = Long.parseLong(cl.getOptionValue("startup-timeout", "60")) * 1000;
        if (!cl.hasOption("quiet")) {
            out.println("profile " + profile.name + (profile.description == null ? "" : ": " + profile.description));
        }
        Container container = new Container(profile, bundles, index, shell, out, err);
        Thread hook = new Thread(container::close, "emotionlens-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            container.start();
            int code = pipelines.isEmpty() ? 0 : container.awaitPipelines(pipelines, timeout);
            if (shell) {
                out.println("shell: 'emotion:stages' lists the stages, 'emotion:swap <pipeline> <stage> <filter>'"
                        + " rebinds one, 'stop 0' quits");
                container.awaitStop();
            }
            return code;
        } finally {
            container.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private int profiles() {
        for (String name : Profile.available(home)) {
            try {
                Profile p = Profile.load(home, name, Map.of());
                out.printf("%-22s %s%n", name, p.description == null ? "" : p.description);
            } catch (LaunchException e) {
                out.printf("%-22s (broken: %s)%n", name, e.getMessage());
            }
        }
        return 0;
    }

    /** Commands declared by bundles; they run on a plain class path of all runtime bundles. */
    private int external(String command, String[] args) throws LaunchException {
        home.checkAssembled();
        BundleIndex index = new BundleIndex(home.bundles());
        String className = index.commands().get(command);
        if (className == null) {
            usage(err);
            throw new LaunchException("unknown command '" + command + "'");
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : index.allJars()) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new LaunchException("bad jar path " + jar);
            }
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), Main.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Method run = loader.loadClass(className).getMethod("run", String[].class);
            return (Integer) run.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new LaunchException(command + " failed: " + cause, 1);
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new LaunchException("command '" + command + "' is declared by a bundle but cannot be called ("
                    + className + "): " + e, 1);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private void usage(PrintStream to) {
        PrintWriter w = new PrintWriter(to, true);
        w.println("usage: emotionlens <command> [options]");
        w.println();
        w.println("commands:");
        w.println("  run --profile <name>   run a profile (configs/<name>.json) in a Felix container");
        w.println("  profiles               list the profiles");
        try {
            if (java.nio.file.Files.isDirectory(home.bundles())) {
                new BundleIndex(home.bundles()).commands().keySet()
                        .forEach(c -> w.printf("  %-22s see 'emotionlens %s --help'%n", c, c));
            }
        } catch (LaunchException e) {
            // the list of bundle commands is a courtesy
        }
        w.println();
        new HelpFormatter().printOptions(w, 100, runOptions(), 2, 2);
        w.flush();
    }

    private CommandLine parse(String command, Options options, String[] args) throws LaunchException {
        try {
            CommandLine cl = new DefaultParser().parse(options, args);
            if (!cl.getArgList().isEmpty()) {
                throw new LaunchException(command + ": unexpected argument(s) " + cl.getArgList());
            }
            return cl;
        } catch (ParseException e) {
            throw new LaunchException(command + ": " + e.getMessage() + " (see 'emotionlens --help')");
        }
    }

    private static String absolute(String pathOrUrl) {
        if (pathOrUrl.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return pathOrUrl;
        }
        return Path.of(pathOrUrl).toAbsolutePath().normalize().toString();
    }

    /** Held so that its level survives: EmotionLens bundles log under "emotion.*". */
    private static final Logger EMOTION_LOG = Logger.getLogger("emotion");

    /** Our bundles' messages at the chosen level; third-party libraries' only from warnings up. */
    static void configureLogging(Level level) {
        LogManager.getLogManager().reset();
        EMOTION_LOG.setLevel(level);
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new SimpleFormatter() {
            @Override
            public String format(java.util.logging.LogRecord r) {
                return r.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": " + formatMessage(r)
                        + System.lineSeparator();
            }
        });
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level.intValue() < Level.WARNING.intValue() ? Level.WARNING : level);
    }

}
