package org.emotionlens.train.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Mini-batch training with early stopping on validation loss, best-checkpoint restore and checkpoints on disk.
 * A mini-batch is split into fixed contiguous slices, one per thread, each accumulating into its own gradient
 * buffer; the buffers are summed in slice order, so results do not depend on thread timing.
 */
public final class Trainer {

    public static final class Config {
        public int epochs = 200;
        public int patience = 20;
        public int batchSize = 128;
        public double lr = 1e-3;
        public double weightDecay = 0.004;
        public boolean amsgrad = true;
        public double globalClipNorm = 1.0;
        public double l2 = 1.95e-6;
        public Loss loss = new Loss.CategoricalCrossEntropy();
        /** Per-class sample weights (happy, unknown, sad); null = all 1. */
        public double[] classWeights;
        public long seed = 1;
        public int threads = 2;
        public Path checkpointDir;
        public PrintStream progress;
    }

    /** One epoch of one member. */
    public record Epoch(int member, int epoch, double trainLoss, double valLoss, double valAccuracy, double valMacroF1, double seconds) { }

    public static final class Result {
        public final List<Epoch> history = new ArrayList<>();
        public final List<Integer> bestEpochs = new ArrayList<>();
        public int epochsRun;
        public double secondsPerEpoch;
    }

    private final Config cfg;

    public Trainer(Config cfg) { this.cfg = cfg; }

    public static double[] balancedWeights(Dataset d) {
        int[] counts = d.classCounts();
        double[] w = new double[counts.length];
        for (int c = 0; c < counts.length; c++) w[c] = counts[c] == 0 ? 0 : (double) d.size() / (counts.length * counts[c]);
        return w;
    }

    public Result train(Classifier model, Dataset train, Dataset val) {
        train.requireTrainable("the training set");
        if (val.size() == 0) throw new DataException("the validation set is empty: give --val or a larger --holdout");
        Result result = new Result();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, cfg.threads), r -> {
            Thread t = new Thread(r, "emotion-train");
            t.setDaemon(true);
            return t;
        });
        double totalSeconds = 0;
        int totalEpochs = 0;
        try {
            List<Network> members = model.members();
            for (int k = 0; k < members.size(); k++) {
                int before = result.history.size();
                trainMember(k, members.size(), members.get(k), train, val, pool, result);
                for (int e = before; e < result.history.size(); e++) totalSeconds += result.history.get(e).seconds();
                totalEpochs += result.history.size() - before;
            }
        } finally {
            pool.shutdownNow();
        }
        result.epochsRun = totalEpochs;
        result.secondsPerEpoch = totalEpochs == 0 ? 0 : totalSeconds / totalEpochs;
        return result;
    }

    private void trainMember(int member, int memberCount, Network net, Dataset train, Dataset val, ExecutorService pool, Result result) {
        double[] w = net.params();
        AdamW opt = new AdamW(w.length, cfg.lr, cfg.weightDecay, cfg.amsgrad, cfg.globalClipNorm);
        List<int[]> kernels = net.kernelRanges();
        Random shuffle = new Random(cfg.seed * 7919 + member);
        int n = train.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int threads = Math.max(1, cfg.threads);
        double[][] grads = new double[threads][w.length];
        double[] g = new double[w.length];
        double bestVal = Double.POSITIVE_INFINITY;
        double[] best = w.clone();
        int bestEpoch = 0;
        int sinceBest = 0;
        String tag = memberCount > 1 ? "member " + (member + 1) + "/" + memberCount + " " : "";
        for (int epoch = 1; epoch <= cfg.epochs; epoch++) {
            long t0 = System.nanoTime();
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i]; order[i] = order[j]; order[j] = t;
            }
            double lossSum = 0;
            int batches = (n + cfg.batchSize - 1) / cfg.batchSize;
            long lastDraw = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * cfg.batchSize;
                int to = Math.min(n, from + cfg.batchSize);
                double batchLoss = batchGradient(net, train, order, from, to, grads, pool);
                int size = to - from;
                for (int k = 0; k < g.length; k++) {
                    double s = 0;
                    for (int t = 0; t < threads; t++) s += grads[t][k];
                    g[k] = s / size;
                }
                double penalty = 0;
                if (cfg.l2 > 0) for (int[] r : kernels) for (int k = r[0]; k < r[1]; k++) { penalty += w[k] * w[k]; g[k] += 2 * cfg.l2 * w[k]; }
                double loss = batchLoss / size + cfg.l2 * penalty;
                if (!Double.isFinite(loss))
                    throw new DataException(String.format(Locale.ROOT, "training loss became %s at epoch %d, batch %d: lower --lr, or check the data for extreme values", loss, epoch, b + 1));
                opt.update(w, g);
                lossSum += loss * size;
                if (cfg.progress != null && (System.nanoTime() - lastDraw > 100_000_000L || b == batches - 1)) {
                    lastDraw = System.nanoTime();
                    int width = 24;
                    int filled = (int) Math.round(width * (b + 1.0) / batches);
                    cfg.progress.printf(Locale.ROOT, "\r%sepoch %d/%d [%s%s] %3d%% loss %.4f          ", tag, epoch, cfg.epochs,
                            "#".repeat(filled), "-".repeat(width - filled), (int) (100.0 * (b + 1) / batches), lossSum / Math.min(n, to));
                    cfg.progress.flush();
                }
            }
            double trainLoss = lossSum / n;
            double[][] probs = predictAll(net, val.x, pool, threads);
            double valLoss = 0;
            for (int r = 0; r < val.size(); r++) valLoss += cfg.loss.value(probs[r], val.y[r]) * weight(val.y[r]);
            valLoss /= val.size();
            Metrics vm = new Metrics(probs, val.y);
            double secs = (System.nanoTime() - t0) / 1e9;
            result.history.add(new Epoch(member, epoch, trainLoss, valLoss, vm.accuracy, vm.macroF1, secs));
            if (!Double.isFinite(valLoss))
                throw new DataException("validation loss became " + valLoss + " at epoch " + epoch + ": lower --lr");
            boolean improved = valLoss < bestVal - 1e-6;
            if (improved) {
                bestVal = valLoss;
                System.arraycopy(w, 0, best, 0, w.length);
                bestEpoch = epoch;
                sinceBest = 0;
                saveCheckpoint(member, "best", w);
            } else {
                sinceBest++;
            }
            if (cfg.progress != null) {
                cfg.progress.printf(Locale.ROOT, "\r%sepoch %d/%d loss %.4f | val loss %.4f acc %.4f F1 %.4f | best %d %s| %.1fs          ",
                        tag, epoch, cfg.epochs, trainLoss, valLoss, vm.accuracy, vm.macroF1, bestEpoch, improved ? "* " : "", secs);
                cfg.progress.flush();
            }
            if (sinceBest >= cfg.patience) break;
        }
        saveCheckpoint(member, "last", w);
        System.arraycopy(best, 0, w, 0, w.length);
        result.bestEpochs.add(bestEpoch);
        if (cfg.progress != null) {
            cfg.progress.printf(Locale.ROOT, "%n%srestored best epoch %d (val loss %.4f)%n", tag, bestEpoch, bestVal);
            cfg.progress.flush();
        }
    }

    private double weight(int label) { return cfg.classWeights == null ? 1 : cfg.classWeights[label]; }

    private double batchGradient(Network net, Dataset d, int[] order, int from, int to, double[][] grads, ExecutorService pool) {
        int threads = grads.length;
        int size = to - from;
        List<Future<Double>> futures = new ArrayList<>();
        double[] w = net.params();
        for (int t = 0; t < threads; t++) {
            int a = from + (int) ((long) size * t / threads);
            int b = from + (int) ((long) size * (t + 1) / threads);
            double[] grad = grads[t];
            futures.add(pool.submit(() -> {
                java.util.Arrays.fill(grad, 0);
                double loss = 0;
                for (int i = a; i < b; i++) {
                    int r = order[i];
                    loss += net.lossAndGradient(w, d.x[r], d.y[r], cfg.loss, weight(d.y[r]), grad);
                }
                return loss;
            }));
        }
        double loss = 0;
        for (Future<Double> f : futures) loss += get(f);
        return loss;
    }

    /** Forward pass over many rows on the given pool. */
    public static double[][] predictAll(Classifier model, double[][] x, ExecutorService pool, int threads) {
        double[][] out = new double[x.length][];
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int a = (int) ((long) x.length * t / threads);
            int b = (int) ((long) x.length * (t + 1) / threads);
            futures.add(pool.submit(() -> { for (int i = a; i < b; i++) out[i] = model.predict(x[i]); }));
        }
        for (Future<?> f : futures) get(f);
        return out;
    }

    /** Forward pass over many rows with a short-lived pool. */
    public static double[][] predictAll(Classifier model, double[][] x, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            return predictAll(model, x, pool, Math.max(1, threads));
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void saveCheckpoint(int member, String kind, double[] w) {
        if (cfg.checkpointDir == null) return;
        try {
            Files.createDirectories(cfg.checkpointDir);
            writeParams(cfg.checkpointDir.resolve("member" + member + "-" + kind + ".params"), w);
        } catch (IOException e) {
            throw new DataException(cfg.checkpointDir + ": cannot write checkpoint: " + e.getMessage());
        }
    }

    public static void writeParams(Path file, double[] w) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(w.length);
            for (double v : w) out.writeDouble(v);
        }
    }

    public static double[] readParams(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            double[] w = new double[in.readInt()];
            for (int k = 0; k < w.length; k++) w[k] = in.readDouble();
            return w;
        }
    }
}
