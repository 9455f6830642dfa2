package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code emotionlens dataset build|report|sheet}: FER2013 (or a folder of images) to the paper's blendshape data
 * set, its feature-selection report, and a contact sheet of chosen source rows. Parses the options and runs the
 * subcommand; the build runs each image through the stages {@code stages} gives for the {@code --models} folder
 * (null when not given). Never calls System.exit.
 */
final class DatasetCommand {
    private DatasetCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err, Function<Path, Stages> stages) {
        if (args.length == 0 || !List.of("build", "report", "sheet").contains(args[0])) {
            err.println("usage: dataset build|report|sheet [options]   (dataset <subcommand> --help for its options)");
            return args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2;
        }
        String sub = args[0];
        Options options = switch (sub) {
            case "build" -> buildOptions();
            case "report" -> reportOptions();
            default -> sheetOptions();
        };
        options.addOption(Option.builder("h").longOpt("help").desc("this help").get());
        try {
            CommandLine cl = new DefaultParser().parse(options, Arrays.copyOfRange(args, 1, args.length));
            if (cl.hasOption("help")) {
                usage(sub, options, out);
                return 0;
            }
            if (!cl.getArgList().isEmpty()) {
                throw new UsageException("unexpected arguments " + cl.getArgList());
            }
            return switch (sub) {
                case "build" -> {
                    BuildOptions o = parseBuild(cl);
                    yield new Builder(o, stages.apply(o.modelsDir), out, err).run();
                }
                case "report" -> report(cl, out);
                default -> sheet(cl, out, err);
            };
        } catch (ParseException | UsageException e) {
            err.println("dataset " + sub + ": " + e.getMessage());
            if (e instanceof ParseException) {
                usage(sub, options, err);
            }
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("dataset " + sub + " failed: " + e);
            return 1;
        }
    }

    private static Options buildOptions() {
        return new Options()
                .addOption(opt("fer", "csv", "FER2013 in Kaggle's CSV form (header emotion,pixels,Usage)"))
                .addOption(opt("images", "dir|zip", "a folder or zip of images: <split>/<label>/<file>, or <label>/<file> with --split "
                        + "(e.g. ../shared/data/fer2013/fer2013-images.zip, read in place)"))
                .addOption(opt("split", "name", "the split of a <label>/<file> layout: train, validation or test"))
                .addOption(opt("splits", "list", "build only these splits, e.g. train or validation,test (default: all)"))
                .addOption(opt("out", "dir", "output folder (required)"))
                .addOption(opt("models", "dir", "models folder holding face_landmarker.task for the container's stages (default: -Demotionlens.models, <project>/models, ../shared/models)"))
                .addOption(opt("classes", "3|7", "3: happy/unknown/sad as in the paper (default); 7: FER2013's codes"))
                .addOption(opt("caps", "list", "per-class caps of the capped splits, e.g. happy=4000,sad=4000,angry=1500 "
                        + "(default: the paper's Table 2: happy 4000, sad 4000, angry/fear/surprise/neutral 1500, disgust all); 'none' for no caps"))
                .addOption(opt("cap-splits", "list", "splits the caps apply to (default train, as in the paper)"))
                .addOption(opt("cap-order", "file|random", "which images a cap keeps: the first in file order (paper, default) or a seeded random subset"))
                .addOption(opt("seed", "n", "seed of the random cap order and of the augmentation (default 1)"))
                .addOption(opt("upscale", "px", "upscale images whose longer side is smaller to this size before MediaPipe (default 64: found the most faces on the fixture, see docs/dataset; 0 = none)"))
                .addOption(Option.builder().longOpt("no-filter").desc("keep images without a detected face (zero scores); default drops them").get())
                .addOption(opt("augment", "n", "augmented copies of each kept training image (default 1; 0 = no augmentation)"))
                .addOption(opt("max-rotation", "deg", "random rotation range +-deg (default 36 = Keras RandomRotation(0.2))"))
                .addOption(opt("flip-probability", "p", "probability of a horizontal flip in a copy (default 0.5)"))
                .addOption(Option.builder().longOpt("landmarks").desc("also write <split>-landmarks.csv (1434 normalised landmark coordinates) for the landmark ablation").get())
                .addOption(opt("threads", "n", "worker threads, each with its own TFLite interpreters (default 2)"))
                .addOption(opt("threshold", "score", "feature-selection threshold of the report on train.csv (default 0.4)"))
                .addOption(opt("min-count", "n", "feature-selection count of the report (default 100)"))
                .addOption(opt("stop-after", "n", "stop after n work items (as an interruption would); a re-run continues"))
                .addOption(Option.builder().longOpt("restart").desc("discard an unfinished build in --out and start over").get());
    }

    private static Options reportOptions() {
        return new Options()
                .addOption(opt("csv", "file", "blendshape CSV: build's output (header) or the paper's headerless files (52 scores, label[, index])"))
                .addOption(opt("out", "dir", "output folder"))
                .addOption(opt("threshold", "score", "a blendshape counts in a row when its score is above this (default 0.4)"))
                .addOption(opt("min-count", "n", "kept when it counts in more than n rows (default 100)"))
                .addOption(opt("face-row", "n", "the row drawn as Figure 2 (default 0)"));
    }

    private static Options sheetOptions() {
        return new Options()
                .addOption(opt("fer", "csv", "FER2013 CSV the indices refer to"))
                .addOption(opt("images", "dir|zip", "or the image folder / zip the indices refer to (its sources.csv order)"))
                .addOption(opt("rows", "list", "source indices (FER2013 data row numbers from 0), e.g. 12,40,311"))
                .addOption(opt("dropped", "csv", "instead of --rows: a build's dropped.csv; one line per class of the images MediaPipe found no face in"))
                .addOption(opt("split", "name", "with --dropped: the split (default train)"))
                .addOption(opt("per-class", "n", "with --dropped: images per class (default 12)"))
                .addOption(opt("predictions", "csv", "optional source_index,prediction rows"))
                .addOption(opt("out", "png", "output PNG (default contact-sheet.png)"))
                .addOption(opt("columns", "n", "images per row (default 6)"));
    }

    private static Option opt(String name, String arg, String desc) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).get();
    }

    static BuildOptions parseBuild(CommandLine cl) {
        BuildOptions o = new BuildOptions();
        if (cl.hasOption("fer") == cl.hasOption("images")) {
            throw new UsageException("give exactly one input: --fer <fer2013.csv> or --images <folder or zip>");
        }
        if (!cl.hasOption("out")) {
            throw new UsageException("--out <dir> is required");
        }
        o.fer = cl.hasOption("fer") ? Path.of(cl.getOptionValue("fer")) : null;
        o.images = cl.hasOption("images") ? Path.of(cl.getOptionValue("images")) : null;
        o.imagesSplit = cl.hasOption("split") ? splitOption("--split", cl.getOptionValue("split")) : null;
        if (cl.hasOption("splits")) {
            java.util.Set<String> picked = new java.util.TreeSet<>();
            for (String part : cl.getOptionValue("splits").split(",")) {
                picked.add(splitOption("--splits", part));
            }
            o.splits = picked;
        }
        o.out = Path.of(cl.getOptionValue("out"));
        o.modelsDir = cl.hasOption("models") ? Path.of(cl.getOptionValue("models")) : null;
        o.classes = intOpt(cl, "classes", 3);
        if (o.classes != 3 && o.classes != 7) {
            throw new UsageException("--classes must be 3 or 7");
        }
        if (cl.hasOption("caps")) {
            o.caps = parseCaps(cl.getOptionValue("caps"));
        }
        o.capSplits = cl.getOptionValue("cap-splits", "train");
        String order = cl.getOptionValue("cap-order", "file");
        if (!order.equals("file") && !order.equals("random")) {
            throw new UsageException("--cap-order must be file or random");
        }
        o.capRandom = order.equals("random");
        o.seed = intOpt(cl, "seed", 1);
        o.upscale = intOpt(cl, "upscale", 64);
        o.filter = !cl.hasOption("no-filter");
        o.augmentCopies = intOpt(cl, "augment", 1);
        o.maxRotation = doubleOpt(cl, "max-rotation", 36);
        o.flipProbability = doubleOpt(cl, "flip-probability", 0.5);
        o.landmarks = cl.hasOption("landmarks");
        o.threads = Math.max(1, intOpt(cl, "threads", 2));
        o.threshold = doubleOpt(cl, "threshold", 0.4);
        o.minCount = intOpt(cl, "min-count", 100);
        o.stopAfter = cl.hasOption("stop-after") ? intOpt(cl, "stop-after", -1) : -1;
        o.restart = cl.hasOption("restart");
        return o;
    }

    private static String splitOption(String option, String value) {
        String s = Fer.splitName(value.trim());
        if (s == null) {
            throw new UsageException(option + " " + value + ": expected train, validation or test");
        }
        return s;
    }

    static Map<String, Integer> parseCaps(String text) {
        Map<String, Integer> caps = new LinkedHashMap<>();
        if (text.equals("none")) {
            return caps;
        }
        for (String part : text.split(",")) {
            String[] kv = part.split("=");
            String cls = kv.length == 2 ? Fer.className(kv[0]) : null;
            if (cls == null) {
                throw new UsageException("--caps: '" + part + "' is not class=count with a class of " + Fer.CLASSES
                        + " or happy/sad/unknown");
            }
            try {
                caps.put(cls, Integer.parseInt(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("--caps: '" + part + "': count is not a number");
            }
        }
        return caps;
    }

    private static int report(CommandLine cl, PrintStream out) throws IOException {
        if (!cl.hasOption("csv") || !cl.hasOption("out")) {
            throw new UsageException("--csv <file> and --out <dir> are required");
        }
        double threshold = doubleOpt(cl, "threshold", 0.4);
        int minCount = intOpt(cl, "min-count", 100);
        Path outDir = Path.of(cl.getOptionValue("out"));
        Report.Selection s = Report.run(Path.of(cl.getOptionValue("csv")), outDir, threshold, minCount,
                intOpt(cl, "face-row", 0));
        out.printf("%d rows; score > %.2f in more than %d rows: %d of 52 blendshapes kept%n", s.rows(), threshold,
                minCount, s.kept().size());
        out.println("kept: " + String.join(", ", s.kept()));
        out.println("wrote " + outDir.resolve("selection.md") + ", selection.csv, figure2-row*.png, figure5-scatter.png");
        return 0;
    }

    private static int sheet(CommandLine cl, PrintStream out, PrintStream err) throws IOException {
        if (cl.hasOption("fer") == cl.hasOption("images") || cl.hasOption("rows") == cl.hasOption("dropped")) {
            throw new UsageException("give --fer <csv> or --images <folder|zip>, and --rows <i,j,...> or --dropped <dropped.csv>");
        }
        List<Long> rows = new ArrayList<>();
        int columns = intOpt(cl, "columns", 6);
        if (cl.hasOption("dropped")) {
            int perClass = intOpt(cl, "per-class", 12);
            rows = Sheet.droppedPerClass(Path.of(cl.getOptionValue("dropped")),
                    splitOption("--split", cl.getOptionValue("split", "train")), perClass);
            columns = perClass;
        } else {
            for (String r : cl.getOptionValue("rows").split(",")) {
                try {
                    rows.add(Long.parseLong(r.trim()));
                } catch (NumberFormatException e) {
                    throw new UsageException("--rows: '" + r + "' is not a row index");
                }
            }
        }
        Path predictions = cl.hasOption("predictions") ? Path.of(cl.getOptionValue("predictions")) : null;
        Path fer = cl.hasOption("fer") ? Path.of(cl.getOptionValue("fer")) : null;
        Path images = cl.hasOption("images") ? Path.of(cl.getOptionValue("images")) : null;
        try (Sheet.Source source = new Sheet.Source(fer, images)) {
            return Sheet.write(source, rows, predictions, Path.of(cl.getOptionValue("out", "contact-sheet.png")),
                    columns, out, err);
        }
    }

    private static int intOpt(CommandLine cl, String name, int def) {
        String v = cl.getOptionValue(name);
        try {
            return v == null ? def : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " " + v + ": not a whole number");
        }
    }

    private static double doubleOpt(CommandLine cl, String name, double def) {
        String v = cl.getOptionValue(name);
        try {
            return v == null ? def : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " " + v + ": not a number");
        }
    }

    private static void usage(String sub, Options options, PrintStream to) {
        PrintWriter pw = new PrintWriter(to);
        new HelpFormatter().printHelp(pw, 110, "dataset " + sub + " [options]", null, options, 2, 2, null);
        pw.flush();
    }
}
