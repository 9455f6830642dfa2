package org.emotionlens.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.emotionlens.train.internal.Architectures;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.DataException;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Experiment;
import org.emotionlens.train.internal.Loss;
import org.emotionlens.train.internal.Metrics;
import org.emotionlens.train.internal.ModelWriter;
import org.emotionlens.train.internal.Plots;
import org.emotionlens.train.internal.Report;
import org.emotionlens.train.internal.Trainer;

/** {@code emotionlens train}: trains a classifier on blendshape (or other named-feature) CSV files and writes ONNX + metadata. */
public final class TrainCommand {
    private TrainCommand() { }

    static Options options() {
        Options o = new Options();
        o.addOption(Cli.multi("train", "csv", "training CSV file(s) (required)"));
        o.addOption(Cli.opt("val", "csv", "validation CSV for early stopping (default: a stratified --holdout of the training rows; ours uses --folds instead)"));
        o.addOption(Cli.opt("test", "csv", "test CSV evaluated after training; its figures go into the metadata"));
        o.addOption(Cli.opt("skip-rows", "n", "data rows to skip at the start of each training/validation file (default 0)"));
        o.addOption(Cli.opt("test-skip-rows", "n", "data rows to skip at the start of the test file (the paper's figures: 1)"));
        o.addOption(Cli.opt("on-bad-row", "skip|fail", "what to do with a malformed CSV row (default fail)"));
        o.addOption(Cli.opt("model", "id", "model: " + String.join(", ", Architectures.IDS) + " (default lstm-paper)"));
        o.addOption(Cli.opt("id", "name", "id of the written model files (default: the model id)"));
        o.addOption(Cli.opt("features", "all|selected|names", "all feature columns (52 blendshapes, or every named column of a header CSV such as <split>-landmarks.csv), the paper's selection rule, or comma-separated names (default all)"));
        o.addOption(Cli.opt("select-threshold", "x", "selection rule: score threshold (default 0.4)"));
        o.addOption(Cli.opt("select-min-count", "n", "selection rule: keep when the score exceeds the threshold in more than n rows (default 100)"));
        o.addOption(Cli.opt("loss", "cce|mse|focal", "loss (default cce)"));
        o.addOption(Cli.opt("focal-alpha", "x", "focal loss alpha (default 0.25)"));
        o.addOption(Cli.opt("focal-gamma", "x", "focal loss gamma (default 2)"));
        o.addOption(Cli.opt("class-weights", "rule", "none, balanced, sqrt-balanced or w_happy,w_unknown,w_sad (default: per model)"));
        o.addOption(Cli.opt("epochs", "n", "maximum epochs (default: per model)"));
        o.addOption(Cli.opt("patience", "n", "early stopping patience in epochs (default: per model)"));
        o.addOption(Cli.opt("batch-size", "n", "mini-batch size (default: per model)"));
        o.addOption(Cli.opt("lr", "x", "learning rate (default 1e-3)"));
        o.addOption(Cli.opt("weight-decay", "x", "AdamW decoupled weight decay (default 0.004)"));
        o.addOption(Cli.opt("l2", "x", "L2 penalty on kernels (default 1.95e-6)"));
        o.addOption(Cli.opt("holdout", "fraction", "stratified holdout for early stopping when --val is not given (default 0.15)"));
        o.addOption(Cli.opt("folds", "k", "members of the 'ours' ensemble (default 5): without --val, one per fold; with --val, each on every training row from its own seed"));
        o.addOption(Cli.opt("seed", "n", "random seed (default 1)"));
        o.addOption(Cli.opt("threads", "n", "threads per mini-batch (default 2)"));
        o.addOption(Cli.opt("out", "dir", "where <id>.onnx and <id>.model.json go (default models)"));
        o.addOption(Cli.opt("work", "dir", "checkpoints, training curves (CSV, PNG), reports (default train-work/<id>)"));
        o.addOption(Cli.opt("resume", null, "continue an interrupted run from the state in <work>/checkpoints (same options and data; gives the same model as an uninterrupted run)"));
        o.addOption(Cli.opt("stop-after-epochs", "n", "stop after n epochs in this run (all members counted) as if interrupted, keeping the state for --resume"));
        o.addOption(Cli.opt("quiet", null, "no progress output"));
        o.addOption(Cli.opt("help", null, "show this help"));
        return o;
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        String summary = "Trains a happy/unknown/sad classifier on MediaPipe blendshape CSV files (or any header CSV whose named columns are the features, e.g. landmarks) and writes ONNX + metadata.";
        Cli.Parsed parsed = Cli.parse("train", summary, options, args, List.of("train"), out, err);
        if (parsed.line() == null) {
            return parsed.exitCode();
        }
        CommandLine cl = parsed.line();
        try {
            String model = cl.getOptionValue("model", "lstm-paper");
            if (!Architectures.IDS.contains(model)) throw new IllegalArgumentException("--model takes one of " + Architectures.IDS + ", not '" + model + "'");
            Experiment exp = Experiment.defaults(model);
            Trainer.Config c = exp.config;
            exp.features = cl.getOptionValue("features", "all");
            exp.selectThreshold = Cli.doubleOpt(cl, "select-threshold", exp.selectThreshold);
            exp.selectMinCount = Cli.intOpt(cl, "select-min-count", exp.selectMinCount);
            exp.classWeights = cl.getOptionValue("class-weights", exp.classWeights);
            exp.holdout = Cli.doubleOpt(cl, "holdout", exp.holdout);
            exp.folds = Cli.intOpt(cl, "folds", exp.folds);
            c.loss = Loss.parse(cl.getOptionValue("loss", "cce"), Cli.doubleOpt(cl, "focal-alpha", 0.25), Cli.doubleOpt(cl, "focal-gamma", 2.0));
            c.epochs = Cli.intOpt(cl, "epochs", c.epochs);
            c.patience = Cli.intOpt(cl, "patience", c.patience);
            c.batchSize = Cli.intOpt(cl, "batch-size", c.batchSize);
            c.lr = Cli.doubleOpt(cl, "lr", c.lr);
            c.weightDecay = Cli.doubleOpt(cl, "weight-decay", c.weightDecay);
            c.l2 = Cli.doubleOpt(cl, "l2", c.l2);
            c.seed = Cli.intOpt(cl, "seed", 1);
            c.threads = Cli.intOpt(cl, "threads", 2);
            if (c.epochs < 1 || c.batchSize < 1 || c.patience < 1 || c.threads < 1 || c.lr <= 0)
                throw new IllegalArgumentException("--epochs, --batch-size, --patience, --threads and --lr must be positive");
            if (exp.holdout <= 0 || exp.holdout >= 1) throw new IllegalArgumentException("--holdout must be between 0 and 1");
            if (exp.folds < 2) throw new IllegalArgumentException("--folds must be at least 2");
            String id = cl.getOptionValue("id", model);
            Path outDir = Path.of(cl.getOptionValue("out", "models"));
            Path work = Path.of(cl.getOptionValue("work", "train-work/" + id));
            c.checkpointDir = work.resolve("checkpoints");
            c.progress = cl.hasOption("quiet") ? null : err;
            c.progressTerminal = err == System.err && System.console() != null;
            c.resume = cl.hasOption("resume");
            c.stopAfterEpochs = Cli.intOpt(cl, "stop-after-epochs", 0);
            if (c.stopAfterEpochs < 0) throw new IllegalArgumentException("--stop-after-epochs must be positive");
            CsvData.OnBadRow onBad = Cli.onBadRow(cl);
            int skip = Cli.intOpt(cl, "skip-rows", 0);

            List<Dataset> parts = new ArrayList<>();
            for (String f : cl.getOptionValues("train")) parts.add(CsvData.read(Path.of(f), skip, onBad, err));
            Dataset train = Dataset.concat(parts);
            Dataset val = cl.hasOption("val") ? CsvData.read(Path.of(cl.getOptionValue("val")), skip, onBad, err) : null;
            Dataset test = cl.hasOption("test") ? CsvData.read(Path.of(cl.getOptionValue("test")), Cli.intOpt(cl, "test-skip-rows", 0), onBad, err) : null;
            int[] counts = train.classCounts();
            out.printf(Locale.ROOT, "training rows %d (happy %d, unknown %d, sad %d)%n", train.size(), counts[0], counts[1], counts[2]);
            if (exp.features.equals("selected")) {
                List<String> kept = exp.chooseFeatures(train);
                out.printf(Locale.ROOT, "feature selection (score > %s in more than %d training rows) keeps %d of %d: %s%n",
                        exp.selectThreshold, exp.selectMinCount, kept.size(), train.featureNames.size(), String.join(", ", kept));
            }
            Experiment.Outcome o;
            try {
                o = exp.run(train, val);
            } catch (Trainer.Stopped stopped) {
                if (c.progressTerminal) err.println();
                err.println(stopped.getMessage());
                return 0;
            }
            out.printf(Locale.ROOT, "model %s: %s, %d parameters, %d epochs run, %.2f s/epoch%n", id, o.model.architecture(),
                    o.model.parameterCount(), o.result.epochsRun, o.result.secondsPerEpoch);
            out.println("validation (" + (model.equals("ours") ? "out-of-fold" : "held-out") + "): " + o.validation.table().lines().findFirst().orElse(""));
            Plots.trainingCurves(work.resolve(id + "-curves.png"), work.resolve(id + "-curves.csv"), id + " training", o.result.history);
            Metrics tm = null;
            String command = "emotionlens train " + String.join(" ", args);
            if (test != null) {
                Dataset ts = test.select(o.features);
                tm = new Metrics(Trainer.predictAll(o.model, ts.x, c.threads), ts.y);
                out.println("test (" + test.sources.get(0).file() + "):");
                out.print(tm.table());
                Report.write(work, id + "-test", id + " on " + Path.of(test.sources.get(0).file()).getFileName(), tm, command);
            }
            java.util.Map<String, Object> testInfo = null;
            if (test != null) {
                testInfo = new java.util.LinkedHashMap<>();
                testInfo.put("file", Path.of(test.sources.get(0).file()).getFileName().toString());
                testInfo.put("skipRows", Cli.intOpt(cl, "test-skip-rows", 0));
                testInfo.put("sha256", test.sources.get(0).sha256());
            }
            Path json = ModelWriter.write(outDir, id, exp, o, train, tm, command, testInfo);
            out.println("wrote " + json + " and " + outDir.resolve(id + ".onnx"));
            out.println("training curves: " + work.resolve(id + "-curves.png") + ", checkpoints: " + c.checkpointDir);
            return 0;
        } catch (DataException | IllegalArgumentException e) {
            err.println();
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
