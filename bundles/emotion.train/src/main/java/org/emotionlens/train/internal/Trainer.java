package org.emotionlens.train.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mini-batch training with early stopping on validation loss, best-checkpoint restore and checkpoints on disk.
 * A mini-batch is split into fixed contiguous slices, one per thread, each accumulating into its own gradient
 * buffer; the buffers are summed in slice order, so results do not depend on thread timing. After every epoch the
 * whole state of the run (weights, optimiser moments, early-stopping state, curves) goes to
 * {@code <checkpointDir>/member<k>-state.bin}, from which {@link Config#resume} continues to the same final weights
 * as an uninterrupted run.
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
        /** Progress as one line redrawn in place (a terminal); otherwise a plain line per epoch and at most one a minute within. */
        public boolean progressTerminal;
        /** Continue each member from its resume state in checkpointDir (written with the same options and data). */
        public boolean resume;
        /** Stop, as if interrupted, once this many epochs ran in this invocation (all members counted); 0: never. */
        public int stopAfterEpochs;
        /** Epochs run in this invocation; shared by the copies of this config that the members of an ensemble use. */
        public AtomicInteger epochsThisRun = new AtomicInteger();
        /**
         * Train with the per-sample double-precision reference path (the engine before the batched float engine)
         * instead of the float engine. Same maths, about an order of magnitude slower; for speed comparisons.
         */
        public boolean referenceEngine;
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
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, cfg.threads - 1), r -> { // the calling thread is the first worker
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

    /** What a member's run carries from one epoch to the next: everything a resumed run needs besides the weights. */
    private static final class MemberState {
        int epoch;
        boolean finished;
        double bestVal = Double.POSITIVE_INFINITY;
        double[] best;
        int bestEpoch;
        int sinceBest;
        final List<Epoch> history = new ArrayList<>();
    }

    private void trainMember(int member, int memberCount, Network net, Dataset train, Dataset val, ExecutorService pool, Result result) {
        double[] w = net.params();
        AdamW opt = new AdamW(w.length, cfg.lr, cfg.weightDecay, cfg.amsgrad, cfg.globalClipNorm);
        List<int[]> kernels = net.kernelRanges();
        int n = train.size();
        int[] order = new int[n];
        int threads = Math.max(1, cfg.threads);
        double[] g = new double[w.length];
        String tag = memberCount > 1 ? "member " + (member + 1) + "/" + memberCount + " " : "";
        MemberState st = new MemberState();
        st.best = w.clone();
        Path stateFile = cfg.checkpointDir == null ? null : cfg.checkpointDir.resolve("member" + member + "-state.bin");
        String key = fingerprint(net, train, val);
        if (cfg.resume && stateFile != null && Files.isRegularFile(stateFile)) {
            readState(stateFile, key, w, opt, st);
            for (Epoch e : st.history) result.history.add(e);
            if (st.finished) {
                System.arraycopy(st.best, 0, w, 0, w.length);
                net.paramsChanged();
                result.bestEpochs.add(st.bestEpoch);
                if (cfg.progress != null) cfg.progress.printf(Locale.ROOT, "%salready trained before the interruption (best epoch %d, val loss %.4f)%n", tag, st.bestEpoch, st.bestVal);
                return;
            }
            if (cfg.progress != null) cfg.progress.printf(Locale.ROOT, "%sresuming after epoch %d of %d (best so far: epoch %d)%n", tag, st.epoch, cfg.epochs, st.bestEpoch);
        }

        FloatEngine engine = cfg.referenceEngine ? null : new FloatEngine(net);
        int slice = (cfg.batchSize + threads - 1) / threads;
        FloatEngine.Work[] works = new FloatEngine.Work[threads];
        FloatEngine.Work[] evalWorks = new FloatEngine.Work[threads];
        double[][] grads = cfg.referenceEngine ? new double[threads][w.length] : null;
        if (engine != null) {
            for (int t = 0; t < threads; t++) {
                works[t] = engine.newWork(slice);
                evalWorks[t] = engine.newWork(Math.max(slice, 32));
            }
        }
        Progress bar = new Progress(tag, n);
        for (int epoch = st.epoch + 1; epoch <= cfg.epochs; epoch++) {
            if (cfg.stopAfterEpochs > 0 && cfg.epochsThisRun.get() >= cfg.stopAfterEpochs) throw stopped();
            long t0 = System.nanoTime();
            shuffle(order, member, epoch);
            double lossSum = 0;
            int batches = (n + cfg.batchSize - 1) / cfg.batchSize;
            bar.startEpoch(epoch);
            for (int b = 0; b < batches; b++) {
                int from = b * cfg.batchSize;
                int to = Math.min(n, from + cfg.batchSize);
                int size = to - from;
                double batchLoss = engine != null
                        ? batchGradient(engine, w, works, train, order, from, to, g, pool)
                        : referenceBatchGradient(net, train, order, from, to, grads, g, pool);
                for (int k = 0; k < g.length; k++) g[k] /= size;
                double penalty = 0;
                if (cfg.l2 > 0) for (int[] r : kernels) for (int k = r[0]; k < r[1]; k++) { penalty += w[k] * w[k]; g[k] += 2 * cfg.l2 * w[k]; }
                double loss = batchLoss / size + cfg.l2 * penalty;
                if (!Double.isFinite(loss))
                    throw new DataException(String.format(Locale.ROOT, "training loss became %s at epoch %d, batch %d: lower --lr, or check the data for extreme values", loss, epoch, b + 1));
                opt.update(w, g);
                lossSum += loss * size;
                bar.batch(to, lossSum / to, b == batches - 1);
            }
            double trainLoss = lossSum / n;
            double[][] probs;
            if (engine != null) {
                engine.load(w);
                probs = new double[val.size()][];
                parallel(pool, threads, val.size(), (t, a, b) -> evalWorks[t].predict(val.x, a, b, probs));
            } else {
                probs = new double[val.size()][];
                parallel(pool, threads, val.size(), (t, a, b) -> { for (int i = a; i < b; i++) probs[i] = net.referencePredict(val.x[i]); });
            }
            double valLoss = 0;
            for (int r = 0; r < val.size(); r++) valLoss += cfg.loss.value(probs[r], val.y[r]) * weight(val.y[r]);
            valLoss /= val.size();
            Metrics vm = new Metrics(probs, val.y);
            double secs = (System.nanoTime() - t0) / 1e9;
            Epoch record = new Epoch(member, epoch, trainLoss, valLoss, vm.accuracy, vm.macroF1, secs);
            st.history.add(record);
            result.history.add(record);
            if (!Double.isFinite(valLoss))
                throw new DataException("validation loss became " + valLoss + " at epoch " + epoch + ": lower --lr");
            boolean improved = valLoss < st.bestVal - 1e-6;
            if (improved) {
                st.bestVal = valLoss;
                System.arraycopy(w, 0, st.best, 0, w.length);
                st.bestEpoch = epoch;
                st.sinceBest = 0;
                saveCheckpoint(member, "best", w);
            } else {
                st.sinceBest++;
            }
            st.epoch = epoch;
            st.finished = st.sinceBest >= cfg.patience || epoch == cfg.epochs;
            if (stateFile != null) writeState(stateFile, key, w, opt, st);
            cfg.epochsThisRun.incrementAndGet();
            bar.endEpoch(record, st.bestEpoch, improved);
            if (st.finished) break;
            if (cfg.stopAfterEpochs > 0 && cfg.epochsThisRun.get() >= cfg.stopAfterEpochs) throw stopped();
        }
        saveCheckpoint(member, "last", w);
        System.arraycopy(st.best, 0, w, 0, w.length);
        net.paramsChanged();
        result.bestEpochs.add(st.bestEpoch);
        bar.finish(st.bestEpoch, st.bestVal);
    }

    private Stopped stopped() {
        return new Stopped("stopped after " + cfg.epochsThisRun.get() + " epoch(s) as asked (--stop-after-epochs); the state is in "
                + cfg.checkpointDir + ": run the same command with --resume to continue");
    }

    /** Thrown when {@link Config#stopAfterEpochs} epochs ran; the resume state of the last finished epoch is on disk. */
    public static final class Stopped extends RuntimeException {
        Stopped(String message) { super(message); }
    }

    /** The epoch's order of the training rows: a shuffle seeded by (seed, member, epoch), so a resumed run needs no RNG state. */
    private void shuffle(int[] order, int member, int epoch) {
        Random rnd = new Random(cfg.seed * 0x9E3779B97F4A7C15L + member * 0xBF58476D1CE4E5B9L + epoch * 0x94D049BB133111EBL);
        for (int i = 0; i < order.length; i++) order[i] = i;
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i]; order[i] = order[j]; order[j] = t;
        }
    }

    private double weight(int label) { return cfg.classWeights == null ? 1 : cfg.classWeights[label]; }

    interface RangeTask { void run(int thread, int from, int to); }

    /** Runs task on fixed contiguous ranges of [0, n), one per thread (the first on the calling thread), and waits. */
    private static void parallel(ExecutorService pool, int threads, int n, RangeTask task) {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            int a = (int) ((long) n * t / threads);
            int b = (int) ((long) n * (t + 1) / threads);
            int thread = t;
            futures.add(pool.submit(() -> task.run(thread, a, b)));
        }
        try {
            task.run(0, 0, (int) ((long) n / threads));
        } finally {
            for (Future<?> f : futures) get(f);
        }
    }

    /**
     * Float engine: each thread takes a fixed contiguous slice of the batch into its own gradient buffers; the
     * buffers are added into g (double) in thread order, so the sum never depends on thread timing.
     */
    private double batchGradient(FloatEngine engine, double[] w, FloatEngine.Work[] works, Dataset d, int[] order, int from, int to,
                                 double[] g, ExecutorService pool) {
        engine.load(w);
        int threads = works.length;
        int size = to - from;
        double[] losses = new double[threads];
        parallel(pool, threads, size, (t, a, b) -> {
            works[t].zeroGradient();
            losses[t] = a < b ? works[t].lossAndGradient(d, order, from + a, from + b, cfg.loss, cfg.classWeights) : 0;
        });
        java.util.Arrays.fill(g, 0);
        double loss = 0;
        for (int t = 0; t < threads; t++) {
            works[t].addGradientTo(g);
            loss += losses[t];
        }
        return loss;
    }

    /** The per-sample double-precision reference path (the engine before the float engine). */
    private double referenceBatchGradient(Network net, Dataset d, int[] order, int from, int to, double[][] grads, double[] g, ExecutorService pool) {
        int threads = grads.length;
        int size = to - from;
        double[] losses = new double[threads];
        double[] w = net.params();
        parallel(pool, threads, size, (t, a, b) -> {
            double[] grad = grads[t];
            java.util.Arrays.fill(grad, 0);
            double loss = 0;
            for (int i = from + a; i < from + b; i++) {
                int r = order[i];
                loss += net.lossAndGradient(w, d.x[r], d.y[r], cfg.loss, weight(d.y[r]), grad);
            }
            losses[t] = loss;
        });
        for (int k = 0; k < g.length; k++) {
            double s = 0;
            for (int t = 0; t < threads; t++) s += grads[t][k];
            g[k] = s;
        }
        double loss = 0;
        for (double l : losses) loss += l;
        return loss;
    }

    /** Forward pass over many rows on the given pool. */
    public static double[][] predictAll(Classifier model, double[][] x, ExecutorService pool, int threads) {
        double[][] out = new double[x.length][];
        parallel(pool, threads, x.length, (t, a, b) -> model.predict(x, a, b, out));
        return out;
    }

    /** Forward pass over many rows with a short-lived pool. */
    public static double[][] predictAll(Classifier model, double[][] x, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
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

    private static final String STATE_MAGIC = "emotionlens.train-state/1";

    /**
     * What must be equal for a resume state to apply: the options that shape the run, the initial weights (model and
     * seed) and the training and validation rows. One "name value" line each, so a mismatch can be named.
     */
    private String fingerprint(Network net, Dataset train, Dataset val) {
        StringBuilder sb = new StringBuilder();
        sb.append("architecture ").append(net.architecture()).append('\n');
        sb.append("initial-weights ").append(Long.toHexString(hash(net.params()))).append('\n');
        long th = 0, vh = 0;
        for (double[] r : train.x) th = th * 31 + hash(r);
        for (int y : train.y) th = th * 31 + y;
        for (double[] r : val.x) vh = vh * 31 + hash(r);
        for (int y : val.y) vh = vh * 31 + y;
        sb.append("training-rows ").append(train.size()).append(' ').append(Long.toHexString(th)).append('\n');
        sb.append("validation-rows ").append(val.size()).append(' ').append(Long.toHexString(vh)).append('\n');
        sb.append("engine ").append(cfg.referenceEngine ? "reference-double" : "float").append('\n');
        sb.append("threads ").append(Math.max(1, cfg.threads)).append('\n');
        sb.append("batch-size ").append(cfg.batchSize).append('\n');
        sb.append("epochs ").append(cfg.epochs).append('\n');
        sb.append("patience ").append(cfg.patience).append('\n');
        sb.append("seed ").append(cfg.seed).append('\n');
        sb.append("optimizer ").append(new AdamW(0, cfg.lr, cfg.weightDecay, cfg.amsgrad, cfg.globalClipNorm).describe()).append('\n');
        sb.append("l2 ").append(cfg.l2).append('\n');
        sb.append("loss ").append(cfg.loss.describe()).append('\n');
        sb.append("class-weights ").append(cfg.classWeights == null ? "none" : java.util.Arrays.toString(cfg.classWeights)).append('\n');
        return sb.toString();
    }

    private static long hash(double[] a) {
        long h = 0xcbf29ce484222325L;
        for (double v : a) h = (h ^ Double.doubleToLongBits(v)) * 0x100000001b3L;
        return h;
    }

    private static void writeState(Path file, String key, double[] w, AdamW opt, MemberState st) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeUTF(STATE_MAGIC);
                out.writeUTF(key);
                out.writeInt(w.length);
                out.writeInt(st.epoch);
                out.writeBoolean(st.finished);
                out.writeDouble(st.bestVal);
                out.writeInt(st.bestEpoch);
                out.writeInt(st.sinceBest);
                for (double v : w) out.writeDouble(v);
                for (double v : st.best) out.writeDouble(v);
                opt.writeState(out);
                out.writeInt(st.history.size());
                for (Epoch e : st.history) {
                    out.writeInt(e.member());
                    out.writeInt(e.epoch());
                    out.writeDouble(e.trainLoss());
                    out.writeDouble(e.valLoss());
                    out.writeDouble(e.valAccuracy());
                    out.writeDouble(e.valMacroF1());
                    out.writeDouble(e.seconds());
                }
            }
            // a run killed while writing leaves the previous state intact
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException(file + ": cannot write the resume state: " + e.getMessage());
        }
    }

    private static void readState(Path file, String key, double[] w, AdamW opt, MemberState st) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (!STATE_MAGIC.equals(in.readUTF())) throw new DataException(file + ": not a training resume state");
            String saved = in.readUTF();
            if (!saved.equals(key)) {
                List<String> differ = new ArrayList<>();
                List<String> now = List.of(key.split("\n"));
                List<String> then = List.of(saved.split("\n"));
                for (String line : now) if (!then.contains(line)) differ.add(line.substring(0, line.indexOf(' ')));
                throw new DataException(file + ": cannot resume: the saved run differs in " + String.join(", ", differ)
                        + "; run without --resume to start over");
            }
            if (in.readInt() != w.length) throw new DataException(file + ": parameter count differs");
            st.epoch = in.readInt();
            st.finished = in.readBoolean();
            st.bestVal = in.readDouble();
            st.bestEpoch = in.readInt();
            st.sinceBest = in.readInt();
            for (int k = 0; k < w.length; k++) w[k] = in.readDouble();
            for (int k = 0; k < w.length; k++) st.best[k] = in.readDouble();
            opt.readState(in);
            int epochs = in.readInt();
            for (int e = 0; e < epochs; e++)
                st.history.add(new Epoch(in.readInt(), in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
        } catch (IOException e) {
            throw new DataException(file + ": cannot read the resume state (" + e.getMessage() + "); run without --resume to start over");
        }
    }

    /** Deletes the resume states under a checkpoint folder (a run that does not resume starts over). */
    public static void clearResumeState(Path checkpointDir) {
        if (checkpointDir == null || !Files.isDirectory(checkpointDir)) return;
        try (java.util.stream.Stream<Path> files = Files.walk(checkpointDir, 2)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("member\\d+-state\\.bin(\\.tmp)?")).toList()) Files.delete(f);
        } catch (IOException e) {
            throw new DataException(checkpointDir + ": cannot remove old resume state: " + e.getMessage());
        }
    }

    /**
     * Progress of a member's epochs on cfg.progress. Terminal: one line redrawn in place at most 5 times a second
     * (bar, loss so far, rows per second, time left in the epoch), then the epoch's validation figures on the same line.
     * Not a terminal (a log file, a pipe): one plain line per epoch, and within a long epoch one a minute.
     */
    private final class Progress {
        private final String tag;
        private final int rows;
        private int epoch;
        private long start;
        private long lastDraw;

        Progress(String tag, int rows) {
            this.tag = tag;
            this.rows = rows;
        }

        void startEpoch(int epoch) {
            this.epoch = epoch;
            start = System.nanoTime();
            lastDraw = start;
        }

        void batch(int done, double loss, boolean last) {
            if (cfg.progress == null) return;
            long now = System.nanoTime();
            double secs = (now - start) / 1e9;
            double rate = secs > 0 ? done / secs : 0;
            if (cfg.progressTerminal) {
                if (!last && now - lastDraw < 200_000_000L) return;
                lastDraw = now;
                int width = 24;
                int filled = (int) Math.round(width * (double) done / rows);
                cfg.progress.printf(Locale.ROOT, "\r%sepoch %d/%d [%s%s] %3d%% loss %.4f | %.0f rows/s, %s left   ", tag, epoch, cfg.epochs,
                        "#".repeat(filled), "-".repeat(width - filled), (int) (100.0 * done / rows), loss, rate,
                        rate > 0 ? clock((rows - done) / rate) : "--:--");
                cfg.progress.flush();
            } else if (!last && now - lastDraw >= 60_000_000_000L) {
                lastDraw = now;
                cfg.progress.printf(Locale.ROOT, "%sepoch %d/%d %d%% (%d/%d rows) loss %.4f, %.0f rows/s%n", tag, epoch, cfg.epochs,
                        (int) (100.0 * done / rows), done, rows, loss, rate);
                cfg.progress.flush();
            }
        }

        void endEpoch(Epoch e, int bestEpoch, boolean improved) {
            if (cfg.progress == null) return;
            String line = String.format(Locale.ROOT, "%sepoch %d/%d loss %.4f | val loss %.4f acc %.4f F1 %.4f | best %d %s| %.1fs",
                    tag, e.epoch(), cfg.epochs, e.trainLoss(), e.valLoss(), e.valAccuracy(), e.valMacroF1(), bestEpoch, improved ? "* " : "", e.seconds());
            if (cfg.progressTerminal) cfg.progress.print("\r" + line + "                    ");
            else cfg.progress.println(line);
            cfg.progress.flush();
        }

        void finish(int bestEpoch, double bestVal) {
            if (cfg.progress == null) return;
            cfg.progress.printf(Locale.ROOT, "%s%srestored best epoch %d (val loss %.4f)%n", cfg.progressTerminal ? "\n" : "", tag, bestEpoch, bestVal);
            cfg.progress.flush();
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
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
