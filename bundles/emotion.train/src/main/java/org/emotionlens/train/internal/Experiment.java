package org.emotionlens.train.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One training run as the commands and benches use it: feature choice, split, model, training, and for "ours"
 * the k-fold ensemble with its output calibration.
 */
public final class Experiment {
    public String modelId = "lstm-paper";
    /** "all", "selected", or a comma-separated list of blendshape names. */
    public String features = "all";
    public double selectThreshold = 0.4;
    public int selectMinCount = 100;
    /** "none", "balanced", "sqrt-balanced" or three numbers w_happy,w_unknown,w_sad. */
    public String classWeights = "none";
    public double holdout = 0.15;
    public int folds = 5;
    public final Trainer.Config config = new Trainer.Config();
    public PrintStream log;

    /** Practical per-model defaults (the paper's lr 1.0955e-6 for 5000 epochs is far too slow to be practical). */
    public static Experiment defaults(String modelId) {
        Experiment e = new Experiment();
        e.modelId = modelId;
        Trainer.Config c = e.config;
        switch (modelId) {
            case "lstm-paper": c.lr = 1e-3; c.batchSize = 32; c.epochs = 60; c.patience = 10; break;
            case "dense": c.lr = 1e-3; c.batchSize = 32; c.epochs = 300; c.patience = 20; break;
            case "ours": c.lr = 1e-3; c.batchSize = 64; c.epochs = 300; c.patience = 20; e.classWeights = "sqrt-balanced"; break;
            default: throw new IllegalArgumentException("unknown model '" + modelId + "': use one of " + Architectures.IDS);
        }
        return e;
    }

    public static final class Outcome {
        public Classifier model;
        public List<String> features;
        public Trainer.Result result;
        public int trainRows;
        public int valRows;
        public Metrics validation;
        public double[] classWeights;
        public double trainSeconds;
        /** The validation file(s) given to run, or null when validation rows were held out of the training data. */
        public List<Dataset.Source> validationData;
    }

    public List<String> chooseFeatures(Dataset train) {
        switch (features) {
            case "all": return train.featureNames;
            case "selected": return CsvData.selectFeatures(train, selectThreshold, selectMinCount);
            default:
                List<String> names = new ArrayList<>();
                for (String s : features.split(",")) if (!s.isBlank()) names.add(s.trim());
                return names;
        }
    }

    double[] weightsFor(Dataset train) {
        switch (classWeights) {
            case "none": return null;
            case "balanced": return Trainer.balancedWeights(train);
            case "sqrt-balanced": {
                double[] w = Trainer.balancedWeights(train);
                for (int k = 0; k < w.length; k++) w[k] = Math.sqrt(w[k]);
                return w;
            }
            default: {
                String[] p = classWeights.split(",");
                if (p.length != 3) throw new IllegalArgumentException("--class-weights takes none, balanced, sqrt-balanced or three numbers happy,unknown,sad");
                double[] w = new double[3];
                for (int k = 0; k < 3; k++) w[k] = Double.parseDouble(p[k].trim());
                return w;
            }
        }
    }

    /** Trains on train; validation rows come from val when given, otherwise a seeded stratified holdout of train. */
    public Outcome run(Dataset trainAll, Dataset val) {
        trainAll.requireTrainable("the training set");
        if (!config.resume) Trainer.clearResumeState(config.checkpointDir);
        Outcome o = new Outcome();
        o.features = chooseFeatures(trainAll);
        Dataset train = trainAll.select(o.features);
        long t0 = System.nanoTime();
        if (val != null) o.validationData = val.sources;
        if (modelId.equals("ours") && val != null) {
            runOursOnValidation(train, val.select(o.features), o);
        } else if (modelId.equals("ours")) {
            runOurs(train, o);
        } else {
            Dataset tr = train;
            Dataset va;
            if (val != null) va = val.select(o.features);
            else {
                Dataset[] split = train.stratifiedSplit(holdout, config.seed);
                tr = split[0];
                va = split[1];
            }
            o.classWeights = weightsFor(tr);
            config.classWeights = o.classWeights;
            o.model = Architectures.build(modelId, tr.x, config.seed);
            o.result = new Trainer(config).train(o.model, tr, va);
            o.trainRows = tr.size();
            o.valRows = va.size();
            o.validation = new Metrics(Trainer.predictAll(o.model, va.x, config.threads), va.y);
        }
        o.trainSeconds = (System.nanoTime() - t0) / 1e9;
        for (Network n : o.model.members()) n.roundToFloat();
        return o;
    }

    /**
     * "ours" with a validation file (the FER2013 protocol, docs/classifiers/protocol.md): {@code folds} members,
     * each trained on every training row from its own seed and early-stopped on the validation rows; the mean of
     * their probabilities is rescaled per class by the factors that maximise accuracy + macro-F1 on the validation
     * rows, so the validation split (whose class mix is FER2013's own, not the capped training mix) decides how
     * often happy and sad are said. The reported validation figures are therefore fitted ones.
     */
    private void runOursOnValidation(Dataset train, Dataset val, Outcome o) {
        List<Network> members = new ArrayList<>();
        o.result = new Trainer.Result();
        PrintStream progress = config.progress;
        double[][] mean = new double[val.size()][Dataset.CLASSES];
        for (int f = 0; f < folds; f++) {
            Network n = trainMember(f, "member", train, val, o);
            members.add(n);
            double[][] p = Trainer.predictAll(n, val.x, config.threads);
            for (int i = 0; i < p.length; i++) for (int k = 0; k < Dataset.CLASSES; k++) mean[i][k] += p[i][k] / folds;
        }
        o.result.secondsPerEpoch = meanEpochSeconds(o.result);
        Ensemble ens = new Ensemble(members);
        ens.setClassScale(calibrate(mean, val.y));
        if (progress != null) progress.printf(Locale.ROOT, "class rescale fitted on the validation rows: %s%n", Arrays.toString(ens.classScale()));
        o.model = ens;
        o.trainRows = train.size();
        o.valRows = val.size();
        double[][] scaled = new double[mean.length][];
        for (int r = 0; r < mean.length; r++) scaled[r] = Ensemble.rescale(mean[r], ens.classScale());
        o.validation = new Metrics(scaled, val.y);
    }

    /**
     * "ours" without a validation file: k stratified folds; member k trains on the other folds with early stopping on fold k, so every row
     * is used for training and each row also gets an out-of-fold prediction. The mean of the members is then
     * rescaled per class by factors that maximise accuracy + macro-F1 on those out-of-fold predictions.
     */
    private void runOurs(Dataset train, Outcome o) {
        Random rnd = new Random(config.seed);
        int[] fold = new int[train.size()];
        for (int c = 0; c < Dataset.CLASSES; c++) {
            List<Integer> idx = new ArrayList<>();
            for (int r = 0; r < train.size(); r++) if (train.y[r] == c) idx.add(r);
            Collections.shuffle(idx, rnd);
            for (int k = 0; k < idx.size(); k++) fold[idx.get(k)] = k % folds;
        }
        double[][] oof = new double[train.size()][];
        List<Network> members = new ArrayList<>();
        o.result = new Trainer.Result();
        PrintStream progress = config.progress;
        for (int f = 0; f < folds; f++) {
            List<Integer> tr = new ArrayList<>();
            List<Integer> ho = new ArrayList<>();
            for (int r = 0; r < train.size(); r++) (fold[r] == f ? ho : tr).add(r);
            Dataset dtr = train.rows(tr.stream().mapToInt(Integer::intValue).toArray());
            Dataset dho = train.rows(ho.stream().mapToInt(Integer::intValue).toArray());
            Network n = trainMember(f, "fold", dtr, dho, o);
            members.add(n);
            double[][] p = Trainer.predictAll(n, dho.x, config.threads);
            for (int i = 0; i < ho.size(); i++) oof[ho.get(i)] = p[i];
        }
        o.result.secondsPerEpoch = meanEpochSeconds(o.result);
        double[] scale = calibrate(oof, train.y);
        Ensemble ens = new Ensemble(members);
        ens.setClassScale(scale);
        if (progress != null) progress.printf(Locale.ROOT, "class rescale from out-of-fold predictions: %s%n", Arrays.toString(ens.classScale()));
        o.model = ens;
        o.trainRows = train.size();
        o.valRows = train.size();
        double[][] oofScaled = new double[oof.length][];
        for (int r = 0; r < oof.length; r++) oofScaled[r] = Ensemble.rescale(oof[r], ens.classScale());
        o.validation = new Metrics(oofScaled, train.y); // out-of-fold, so honest
    }

    /**
     * Member {@code f} of "ours": its own seed, class weights of its training rows, early stopping on
     * {@code stopOn}; its epochs are added to the outcome's history (member = f).
     */
    private Network trainMember(int f, String what, Dataset tr, Dataset stopOn, Outcome o) {
        Trainer.Config c = copy(config);
        c.seed = config.seed * 100 + f;
        c.classWeights = weightsFor(tr);
        if (config.checkpointDir != null) c.checkpointDir = config.checkpointDir.resolve(what + f);
        if (f == 0) o.classWeights = c.classWeights;
        if (config.progress != null) config.progress.printf(Locale.ROOT, "%s %d/%d%n", what, f + 1, folds);
        Network n = Architectures.oursMember(tr.x);
        n.init(config.seed * 1000 + f);
        Trainer.Result r = new Trainer(c).train(n, tr, stopOn);
        for (Trainer.Epoch e : r.history)
            o.result.history.add(new Trainer.Epoch(f, e.epoch(), e.trainLoss(), e.valLoss(), e.valAccuracy(), e.valMacroF1(), e.seconds()));
        o.result.bestEpochs.addAll(r.bestEpochs);
        o.result.epochsRun += r.epochsRun;
        return n;
    }

    private static double meanEpochSeconds(Trainer.Result r) {
        double secs = 0;
        for (Trainer.Epoch e : r.history) secs += e.seconds();
        return r.epochsRun == 0 ? 0 : secs / r.epochsRun;
    }

    /** Grid search of happy and sad factors (unknown fixed at 1) maximising accuracy + macro-F1. */
    public static double[] calibrate(double[][] probs, int[] y) {
        double best = -1;
        double[] bestScale = {1, 1, 1};
        for (int a = 0; a <= 40; a++) {
            for (int b = 0; b <= 60; b++) {
                double[] s = {0.5 + 0.05 * a, 1, 0.5 + 0.05 * b};
                double[][] q = new double[probs.length][];
                for (int r = 0; r < probs.length; r++) q[r] = Ensemble.rescale(probs[r], s);
                Metrics m = new Metrics(q, y);
                if (m.accuracy + m.macroF1 > best + 1e-12) { best = m.accuracy + m.macroF1; bestScale = s; }
            }
        }
        return bestScale;
    }

    static Trainer.Config copy(Trainer.Config c) {
        Trainer.Config n = new Trainer.Config();
        n.epochs = c.epochs; n.patience = c.patience; n.batchSize = c.batchSize; n.lr = c.lr; n.weightDecay = c.weightDecay;
        n.amsgrad = c.amsgrad; n.globalClipNorm = c.globalClipNorm; n.l2 = c.l2; n.loss = c.loss; n.classWeights = c.classWeights;
        n.seed = c.seed; n.threads = c.threads; n.checkpointDir = c.checkpointDir == null ? null : c.checkpointDir; n.progress = c.progress;
        n.progressTerminal = c.progressTerminal; n.resume = c.resume; n.stopAfterEpochs = c.stopAfterEpochs; n.epochsThisRun = c.epochsThisRun;
        n.referenceEngine = c.referenceEngine;
        return n;
    }

    public static Path checkpointsFor(Path base, String id) { return base.resolve(id); }
}
