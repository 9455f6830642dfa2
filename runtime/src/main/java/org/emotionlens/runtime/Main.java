package org.emotionlens.runtime;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
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
 * them; every other command (dataset, train, evaluate, models, convert-tfjs) is declared by a bundle's
 * {@code EmotionLens-Commands} header and is a command service, run inside a container started on its profile
 * {@code configs/commands/<name>.json}.
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
                case "compare" -> compare(rest);
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
        Map<String, String> how = new LinkedHashMap<>();
        Map<String, String> vars = variables(cl, how);
        Profile profile = Profile.load(home, cl.getOptionValue("profile"), vars);
        profile.checkOverrides(vars, how);
        checkInput(profile, vars);
        boolean shell = cl.hasOption("shell");
        if (profile.pipelines().isEmpty() && !shell) {
            throw new LaunchException(profile.file + " configures no pipeline (a configuration named"
                    + " 'emotion.pipeline~<id>'); nothing to run");
        }
        if (!cl.hasOption("quiet")) {
            out.println("profile " + profile.name + (profile.description == null ? "" : ": " + profile.description));
        }
        return runContainer(profile, shell, startupTimeout(cl), null);
    }

    /** Starts a container on the profile, waits for its pipelines, and hands their final properties over. */
    private int runContainer(Profile profile, boolean shell, long startupTimeoutMillis,
            Map<String, Map<String, Object>> pipelinePropsOut) throws LaunchException, InterruptedException {
        home.checkAssembled();
        BundleIndex index = new BundleIndex(home.bundles());
        List<String> features = new ArrayList<>(profile.features);
        if (shell) {
            features.add("shell");
        }
        List<Features.Entry> bundles = new Features(home.features()).resolve(features);
        List<String> pipelines = profile.pipelines();
        Container container = new Container(profile, bundles, index, shell, out, err);
        // Ctrl-C: the hook stops the pipelines (their sinks flushed and closed), then lets this thread print the
        // summaries before the JVM goes.
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            container.close();
            try {
                reported.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
            err.flush();
        }, "emotionlens-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            container.start();
            int code = pipelines.isEmpty() ? 0 : container.awaitPipelines(pipelines, startupTimeoutMillis);
            if (pipelinePropsOut != null) {
                pipelinePropsOut.putAll(container.pipelineProperties());
            }
            if (shell && code != 2) {
                out.println("shell: 'emotion:stages' lists the stages, 'emotion:swap <pipeline> <stage> <filter>'"
                        + " rebinds one, 'stop 0' quits");
                container.awaitStop();
            }
            return code;
        } finally {
            container.close();
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private static long startupTimeout(CommandLine cl) throws LaunchException {
        try {
            return Long.parseLong(cl.getOptionValue("startup-timeout", "60")) * 1000;
        } catch (NumberFormatException e) {
            throw new LaunchException("--startup-timeout takes seconds, got '" + cl.getOptionValue("startup-timeout")
                    + "'");
        }
    }

    private static Options compareOptions() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("profiles").hasArg().argName("a,b,...")
                .desc("the variants: profiles with one pipeline each, run on one decoded input").build());
        o.addOption(Option.builder("i").longOpt("input").hasArg().argName("path|url")
                .desc("input for the first profile's source, shared by all").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("dir")
                .desc("folder for the report and each variant's predictions (default out/compare)").build());
        o.addOption(Option.builder().longOpt("labels").hasArg().argName("csv")
                .desc("truth labels: a CSV with header frame,label or frame,face,label (names or 0-2), or 'folders':"
                        + " each image's folder name (e.g. test/happy/x.jpg; FER2013 classes other than happy and sad"
                        + " count as unknown), with every image scored end to end").build());
        o.addOption(Option.builder("D").longOpt("set").hasArgs().argName("name=value")
                .desc("set a profile variable in every variant (repeatable)").build());
        o.addOption(Option.builder().longOpt("startup-timeout").hasArg().argName("seconds").build());
        o.addOption(Option.builder("q").longOpt("quiet").desc("print warnings and the report only").build());
        return o;
    }

    private int compare(String[] args) throws LaunchException, InterruptedException {
        CommandLine cl = parse("compare", compareOptions(), args);
        if (!cl.hasOption("profiles")) {
            throw new LaunchException("compare needs --profiles a,b[,...]; profiles: "
                    + String.join(", ", Profile.available(home)));
        }
        if (cl.hasOption("quiet")) {
            configureLogging(Level.WARNING);
        }
        List<String> variants = List.of(cl.getOptionValue("profiles").split("\\s*,\\s*"));
        Map<String, String> how = new LinkedHashMap<>();
        Map<String, String> vars = variables(cl, how);
        List<Profile> loaded = new ArrayList<>();
        for (String v : variants) {
            loaded.add(Profile.load(home, v, vars));
        }
        for (String v : vars.keySet()) {
            if (!v.equals("output") && loaded.stream().noneMatch(p -> p.known.contains(v))) {
                throw new LaunchException(Profile.unknownVariable(v, how.getOrDefault(v, "--set " + v), loaded));
            }
        }
        if (!loaded.isEmpty()) {
            checkInput(loaded.get(0), vars);
        }
        Path output = Path.of(cl.hasOption("output") ? absolute(cl.getOptionValue("output"))
                : home.project().resolve("out/compare").toString());
        boolean folderLabels = "folders".equals(cl.getOptionValue("labels"));
        Map<String, String> labels = cl.hasOption("labels") && !folderLabels
                ? LabelsFile.read(Path.of(cl.getOptionValue("labels"))) : Map.of();
        Profile merged = Compare.merge(home, variants, vars, output);
        out.println("compare " + String.join(", ", variants) + ": one container, input decoded once");
        Map<String, Map<String, Object>> props = new LinkedHashMap<>();
        int code = runContainer(merged, false, startupTimeout(cl), props);
        if (code == 2) {
            return code;
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (String v : variants) {
            files.put(v, output.resolve(v).resolve("predictions.csv"));
        }
        try {
            ComparisonReport report = new ComparisonReport(files, labels, folderLabels, props);
            report.write(output, "emotionlens compare " + String.join(" ", args));
            out.println();
            // the summary table, and the end-to-end scores when the images' folders gave the truth
            String md = report.markdown("emotionlens compare " + String.join(" ", args));
            out.print(md.lines().takeWhile(l -> !l.startsWith("## ")).reduce("", (a, b) -> a + b + System.lineSeparator()));
            List<String> e2e = md.lines().dropWhile(l -> !l.startsWith("## End to end")).toList();
            if (!e2e.isEmpty()) {
                out.println(e2e.get(0).substring(3));
                e2e.stream().skip(1).takeWhile(l -> !l.startsWith("## ")).forEach(out::println);
            }
            out.println("report: " + output.resolve("report.md"));
        } catch (java.io.IOException e) {
            throw new LaunchException("cannot write the comparison report in " + output + ": " + e.getMessage(), 1);
        }
        return code;
    }

    /** --input, --output and --set as profile variables; {@code how} records the option that set each. */
    private Map<String, String> variables(CommandLine cl, Map<String, String> how) throws LaunchException {
        Map<String, String> vars = new LinkedHashMap<>();
        if (cl.hasOption("input")) {
            vars.put("input", absolute(cl.getOptionValue("input")));
            how.put("input", "--input " + cl.getOptionValue("input"));
        }
        if (cl.hasOption("output")) {
            vars.put("output", absolute(cl.getOptionValue("output")));
            how.put("output", "--output " + cl.getOptionValue("output"));
        }
        for (String kv : cl.getOptionValues("set") == null ? new String[0] : cl.getOptionValues("set")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new LaunchException("--set takes name=value, got '" + kv + "'");
            }
            vars.put(kv.substring(0, eq), kv.substring(eq + 1));
            how.put(kv.substring(0, eq), "--set " + kv);
        }
        return vars;
    }

    /** A profile whose input is a local file or folder that does not exist cannot start: exit 2 before anything. */
    private static void checkInput(Profile profile, Map<String, String> vars) throws LaunchException {
        String input = profile.variables.get("input");
        if (input == null || !profile.uses("input") || isUrl(input) || input.isBlank()) {
            return;
        }
        Path p = Path.of(input);
        if (!Files.exists(p)) {
            throw new LaunchException("input " + p + " does not exist (" + (vars.containsKey("input")
                    ? "given with --input" : "the default input of profile " + profile.name + ", " + profile.file)
                    + "); give an existing file or folder with --input");
        }
        if (!Files.isReadable(p)) {
            throw new LaunchException("input " + p + " is not readable; check its permissions");
        }
    }

    private static boolean isUrl(String s) {
        return s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !s.matches("^[a-zA-Z]:[\\\\/].*");
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

    /** Commands declared by bundles: command services run inside a container. */
    private int external(String command, String[] args) throws LaunchException, InterruptedException {
        home.checkAssembled();
        BundleIndex index = new BundleIndex(home.bundles());
        if (!index.commands().contains(command)) {
            usage(err);
            throw new LaunchException("unknown command '" + command + "'");
        }
        return containerCommand(command, args, index);
    }

    /** Bundle commands find the project's models and the shared data the way 'run' does. */
    private void projectProperties() {
        System.setProperty("emotionlens.project", home.project().toString());
        if (System.getProperty("emotionlens.shared") == null) {
            System.setProperty("emotionlens.shared", home.shared().toString());
        }
    }

    /**
     * A command served inside the container: starts one on the command's profile (its stages and their
     * configuration; the command's options named by the profile's {@code options} set its variables), waits for
     * the command service and runs it. Exit 2 when the container cannot serve it, with the reason.
     */
    private int containerCommand(String command, String[] args, BundleIndex index)
            throws LaunchException, InterruptedException {
        checkOutputs(command, args);
        projectProperties();
        Path file = home.configs().resolve("commands").resolve(command + ".json");
        if (!Files.isRegularFile(file)) {
            throw new LaunchException("command '" + command + "' runs in the container on the profile " + file
                    + ", which does not exist; restore it from the project");
        }
        Map<String, String> vars = new LinkedHashMap<>();
        Profile.optionVariables(file, args).forEach((k, v) -> vars.put(k, absolute(v)));
        Profile profile = Profile.load(home, file.toString(), vars);
        List<Features.Entry> bundles = new Features(home.features()).resolve(profile.features);
        Container container = new Container(profile, bundles, index, false, out, err);
        // Ctrl-C: the framework stops and its temporary folder goes; a data-set build continues from its journal
        Thread hook = new Thread(container::close, "emotionlens-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            container.start();
            return container.runCommand(command, args, 60_000);
        } finally {
            container.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    /**
     * Checks, before a bundle command starts (training takes minutes), that every {@code --out}, {@code --output}
     * or {@code --out-dir} it was given can be written: the path, or the nearest folder above it that exists, must
     * be a writable folder (or, for the path itself, a writable file).
     */
    static void checkOutputs(String command, String[] args) throws LaunchException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            String option = a;
            for (String o : List.of("--out", "--output", "--out-dir")) {
                if (a.equals(o) && i + 1 < args.length) {
                    value = args[i + 1];
                } else if (a.startsWith(o + "=")) {
                    value = a.substring(o.length() + 1);
                    option = o;
                }
            }
            if (value == null || value.isBlank() || isUrl(value)) {
                continue;
            }
            Path p = Path.of(value).toAbsolutePath().normalize();
            String problem = null;
            if (Files.exists(p)) {
                if (!Files.isWritable(p)) {
                    problem = p + " is not writable";
                }
            } else {
                Path up = p.getParent();
                while (up != null && !Files.exists(up)) {
                    up = up.getParent();
                }
                if (up != null && !Files.isDirectory(up)) {
                    problem = up + " is a file, so " + p + " cannot be created under it";
                } else if (up != null && !Files.isWritable(up)) {
                    problem = up + " is not writable, so " + p + " cannot be created";
                }
            }
            if (problem != null) {
                throw new LaunchException(command + " " + option + " " + value + ": " + problem
                        + "; give a folder that can be written");
            }
        }
    }

    private void usage(PrintStream to) {
        PrintWriter w = new PrintWriter(to, true);
        w.println("usage: emotionlens <command> [options]");
        w.println();
        w.println("commands:");
        w.println("  run --profile <name>   run a profile (configs/<name>.json) in a Felix container");
        w.println("  compare --profiles a,b  run variants side by side on one input; writes a comparison report");
        w.println("  profiles               list the profiles");
        try {
            if (java.nio.file.Files.isDirectory(home.bundles())) {
                new BundleIndex(home.bundles()).commands()
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
