package org.emotionlens.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.DataException;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.Metrics;
import org.emotionlens.train.internal.OnnxModel;
import org.emotionlens.train.internal.Report;

/** {@code emotionlens evaluate}: runs a deployed model (ONNX + metadata) with ONNX Runtime on labelled CSV rows. */
public final class EvaluateCommand {
    private EvaluateCommand() { }

    static Options options() {
        Options o = new Options();
        o.addOption(Cli.opt("model", "file", "the model's <id>.model.json (required; the ONNX file it names is loaded)"));
        o.addOption(Cli.multi("data", "csv", "labelled CSV file(s) (required)"));
        o.addOption(Cli.opt("skip-rows", "n", "data rows to skip at the start of each file (the paper's test figures: 1)"));
        o.addOption(Cli.opt("on-bad-row", "skip|fail", "what to do with a malformed CSV row (default fail)"));
        o.addOption(Cli.opt("batch", "n", "rows per ONNX Runtime call (default 256)"));
        o.addOption(Cli.opt("out", "dir", "also write <id>-eval.md, .csv and -confusion.png there"));
        o.addOption(Cli.opt("help", null, "show this help"));
        return o;
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        String summary = "Evaluates an exported model (ONNX + metadata) with ONNX Runtime: accuracy, cross-entropy, macro-F1, "
                + "per-class precision/recall/F1 and the confusion matrix (rows = truth: happy, unknown, sad).";
        Cli.Parsed parsed = Cli.parse("evaluate", summary, options, args, List.of("model", "data"), out, err);
        if (parsed.line() == null) {
            return parsed.exitCode();
        }
        CommandLine cl = parsed.line();
        try {
            int skip = Cli.intOpt(cl, "skip-rows", 0);
            int batch = Cli.intOpt(cl, "batch", 256);
            if (batch < 1 || skip < 0) throw new IllegalArgumentException("--batch must be positive and --skip-rows not negative");
            CsvData.OnBadRow onBad = Cli.onBadRow(cl);
            List<Dataset> parts = new ArrayList<>();
            for (String f : cl.getOptionValues("data")) parts.add(CsvData.read(Path.of(f), skip, onBad, err));
            Dataset data = Dataset.concat(parts);
            if (data.size() == 0) throw new DataException("no rows to evaluate in " + List.of(cl.getOptionValues("data")));
            try (OnnxModel model = OnnxModel.open(Path.of(cl.getOptionValue("model")))) {
                Dataset d = data.select(model.features);
                double[][] p = model.predict(d.x, batch);
                Metrics m = new Metrics(p, d.y);
                String id = model.metadata.id();
                out.printf(Locale.ROOT, "model %s (%s, %d features) on %s%n", id, model.metadata.onnx(), model.features.size(), String.join(", ", cl.getOptionValues("data")));
                out.print(m.table());
                if (cl.hasOption("out")) {
                    String command = "emotionlens evaluate " + String.join(" ", args);
                    for (Path f : Report.write(Path.of(cl.getOptionValue("out")), id + "-eval", id + " evaluation", m, command)) out.println("wrote " + f);
                }
            }
            return 0;
        } catch (DataException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
