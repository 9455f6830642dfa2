package org.emotionlens.train.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.emotionlens.api.Emotions;
import org.emotionlens.models.metadata.DetailValues;
import org.emotionlens.models.metadata.ModelMetadata;
import org.emotionlens.models.metadata.ModelMetadataCodec;

/** Writes {@code <id>.onnx} and {@code <id>.model.json} (format emotionlens.model/1). */
public final class ModelWriter {
    private ModelWriter() { }

    public static final String LR_NOTE = "The paper trained with lr 1.0955e-6 for 5000 epochs (about two days); "
            + "this run uses a practical lr with early stopping on validation loss instead.";

    /** The metadata of an exported model; extraTestInfo goes into metrics.test, extraMetrics into metrics by name. */
    public static ModelMetadata metadata(String id, String onnxName, String sha, Experiment exp, Experiment.Outcome o,
                                         Dataset train, Metrics test, String command,
                                         Map<String, Object> extraTestInfo, Map<String, Object> extraMetrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parameters", o.model.parameterCount());
        Map<String, Object> loss = exp.config.loss.describe();
        if (o.classWeights != null) loss.put("classWeights", o.classWeights);
        loss.put("classWeightsRule", exp.classWeights);
        m.put("loss", loss);
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("data", describe(train.sources));
        if (o.validationData != null) {
            tr.put("validationData", describe(o.validationData));
            tr.put("split", exp.modelId.equals("ours")
                    ? exp.folds + " members trained on every training row, each early-stopped on the validation data; the class rescale is fitted on the validation data"
                    : "early stopping (best validation loss restored) on the validation data");
        } else if (exp.modelId.equals("ours")) {
            tr.put("split", exp.folds + " stratified folds: member k trains on the other folds and early-stops on fold k");
        } else {
            tr.put("split", "seeded stratified holdout of " + exp.holdout + " for early stopping");
        }
        tr.put("trainRows", o.trainRows);
        tr.put("validationRows", o.valRows);
        tr.put("seed", exp.config.seed);
        tr.put("epochs", exp.config.epochs);
        tr.put("epochsRun", o.result.epochsRun);
        tr.put("bestEpochs", o.result.bestEpochs);
        tr.put("patience", exp.config.patience);
        tr.put("batchSize", exp.config.batchSize);
        tr.put("l2Kernels", exp.config.l2);
        tr.put("optimizer", new AdamW(0, exp.config.lr, exp.config.weightDecay, exp.config.amsgrad, exp.config.globalClipNorm).describe());
        tr.put("learningRateNote", LR_NOTE);
        tr.put("secondsPerEpoch", Math.round(o.result.secondsPerEpoch * 1000) / 1000.0);
        tr.put("engine", exp.config.referenceEngine
                ? "emotion.train pure-Java engine, per-sample double-precision reference path (weights rounded to float32 for export)"
                : "emotion.train pure-Java engine (batched float32 forward and backward passes, double-precision optimiser; weights rounded to float32 for export)");
        if (exp.features.equals("selected")) {
            Map<String, Object> sel = new LinkedHashMap<>();
            sel.put("rule", "keep a blendshape when its score exceeds threshold in more than minCount training rows");
            sel.put("threshold", exp.selectThreshold);
            sel.put("minCount", exp.selectMinCount);
            tr.put("featureSelection", sel);
        }
        if (command != null) tr.put("command", command);
        m.put("training", tr);
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (o.validation != null) metrics.put("validation", o.validation.toMap());
        if (test != null) {
            Map<String, Object> t = test.toMap();
            if (extraTestInfo != null) t.putAll(extraTestInfo);
            metrics.put("test", t);
        }
        metrics.putAll(extraMetrics);
        m.put("metrics", metrics);
        return new ModelMetadata(id, onnxName, sha, o.model.architecture(), "features", o.model.layout().equals("sequence"),
                "probabilities", CsvData.featureKind(o.features), o.features, Emotions.LABELS, null, DetailValues.object(m));
    }

    /** Data files by name (never their machine path), rows and sha256. */
    static List<Object> describe(List<Dataset.Source> sources) {
        List<Object> data = new ArrayList<>();
        for (Dataset.Source s : sources) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("file", Path.of(s.file()).getFileName().toString());
            d.put("rows", s.rows());
            d.put("sha256", s.sha256());
            data.add(d);
        }
        return data;
    }

    /** Writes the ONNX file, then the metadata naming it with its checksum. Returns the metadata path. */
    public static Path write(Path dir, String id, Experiment exp, Experiment.Outcome o, Dataset train, Metrics test, String command,
                             Map<String, Object> extraTestInfo) {
        return write(dir, id, exp, o, train, test, command, extraTestInfo, Map.of());
    }

    /** As above, with further metrics (e.g. a second test set) added to the metadata's metrics by name. */
    public static Path write(Path dir, String id, Experiment exp, Experiment.Outcome o, Dataset train, Metrics test, String command,
                             Map<String, Object> extraTestInfo, Map<String, Object> extraMetrics) {
        try {
            Files.createDirectories(dir);
            Path onnx = dir.resolve(id + ".onnx");
            Files.write(onnx, OnnxExport.export(o.model, id));
            ModelMetadata meta = metadata(id, onnx.getFileName().toString(), CsvData.sha256(onnx), exp, o, train, test, command,
                    extraTestInfo, extraMetrics);
            Path json = dir.resolve(id + ".model.json");
            ModelMetadataCodec.write(meta, json);
            return json;
        } catch (IOException e) {
            throw new DataException(dir + ": cannot write model files: " + e.getMessage());
        }
    }
}
