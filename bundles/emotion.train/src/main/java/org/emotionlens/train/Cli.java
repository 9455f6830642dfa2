package org.emotionlens.train;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Shared option helpers of the commands. */
final class Cli {
    private Cli() { }

    static Option opt(String name, String arg, String description) {
        Option.Builder b = Option.builder().longOpt(name).desc(description);
        if (arg != null) b.hasArg().argName(arg);
        return b.get();
    }

    static Option multi(String name, String arg, String description) {
        return Option.builder().longOpt(name).desc(description).hasArgs().argName(arg).get();
    }

    /** Parsed options, or (line null) the exit code: 0 after --help, 2 after bad options with the usage. */
    record Parsed(CommandLine line, int exitCode) {
    }

    static Parsed parse(String command, String summary, Options options, String[] args, List<String> required,
            PrintStream out, PrintStream err) {
        try {
            CommandLine cl = new DefaultParser().parse(options, args);
            if (cl.hasOption("help")) {
                out.print(usage(command, summary, options));
                return new Parsed(null, 0);
            }
            if (!required.stream().allMatch(cl::hasOption)) {
                throw new ParseException(String.join(" and ", required.stream().map(r -> "--" + r).toList())
                        + (required.size() == 1 ? " is" : " are") + " required");
            }
            if (!cl.getArgList().isEmpty()) {
                throw new ParseException("unexpected arguments " + cl.getArgList());
            }
            return new Parsed(cl, 0);
        } catch (ParseException e) {
            err.println("error: " + e.getMessage());
            err.print(usage(command, summary, options));
            return new Parsed(null, 2);
        }
    }

    @SuppressWarnings("deprecation")
    static String usage(String command, String summary, Options options) {
        StringWriter sw = new StringWriter();
        new HelpFormatter().printHelp(new PrintWriter(sw), 110, "emotionlens " + command + " [options]", summary, options, 2, 2, "", false);
        return sw.toString();
    }

    static int intOpt(CommandLine cl, String name, int def) {
        String v = cl.getOptionValue(name);
        if (v == null) return def;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, not '" + v + "'");
        }
    }

    static double doubleOpt(CommandLine cl, String name, double def) {
        String v = cl.getOptionValue(name);
        if (v == null) return def;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a number, not '" + v + "'");
        }
    }

    static org.emotionlens.train.internal.CsvData.OnBadRow onBadRow(CommandLine cl) {
        String v = cl.getOptionValue("on-bad-row", "fail");
        switch (v) {
            case "skip": return org.emotionlens.train.internal.CsvData.OnBadRow.SKIP;
            case "fail": return org.emotionlens.train.internal.CsvData.OnBadRow.FAIL;
            default: throw new IllegalArgumentException("--on-bad-row takes skip or fail, not '" + v + "'");
        }
    }
}
