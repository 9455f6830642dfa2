package org.emotionlens.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.emotionlens.train.internal.Activation;
import org.emotionlens.train.internal.Architectures;
import org.emotionlens.train.internal.CsvData;
import org.emotionlens.train.internal.DataException;
import org.emotionlens.train.internal.Dataset;
import org.emotionlens.train.internal.DenseLayer;
import org.emotionlens.train.internal.FloatEngine;
import org.emotionlens.train.internal.Layer;
import org.emotionlens.train.internal.Loss;
import org.emotionlens.train.internal.LstmLayer;
import org.emotionlens.train.internal.Network;
import org.emotionlens.train.internal.StandardizeLayer;
import org.emotionlens.train.internal.Trainer;
import org.junit.jupiter.api.Test;

class EngineTest {

    @Test
    void paperModelHasTheKerasParameterCount() {
        Network n = Architectures.lstmPaper(52);
        // Keras: LSTM 4u(in+u+1) per layer, Dense in*out+out
        assertThat(n.parameterCount()).isEqualTo(44_631);
        assertThat(n.layers()).hasSize(5);
    }

    @Test
    void lstmInitialisationFollowsKeras() {
        LstmLayer l = (LstmLayer) Architectures.lstmPaper(52).layers().get(1);
        Network n = Architectures.lstmPaper(52);
        n.init(3);
        l = (LstmLayer) n.layers().get(1);
        double[] p = n.params();
        int u = l.units();
        for (int j = 0; j < 4 * u; j++) assertThat(p[l.biasOffset() + j]).isEqualTo(j >= u && j < 2 * u ? 1.0 : 0.0);
        // orthogonal recurrent kernel: rows have unit norm and are mutually orthogonal
        for (int a = 0; a < u; a++)
            for (int b = 0; b < u; b++) {
                double dot = 0;
                for (int j = 0; j < 4 * u; j++) dot += p[l.recurrentOffset() + a * 4 * u + j] * p[l.recurrentOffset() + b * 4 * u + j];
                assertThat(dot).isCloseTo(a == b ? 1 : 0, org.assertj.core.data.Offset.offset(1e-9));
            }
    }

    static Network smallSequenceNet(Activation cell) {
        List<Layer> l = new ArrayList<>();
        l.add(new LstmLayer(1, 3, true, cell));
        l.add(new LstmLayer(3, 4, false, cell));
        l.add(new DenseLayer(4, 3, Activation.LINEAR));
        Network n = new Network(true, 5, l);
        n.init(11);
        // move weights away from the init so every gate matters
        Random r = new Random(5);
        for (int k = 0; k < n.params().length; k++) n.params()[k] += 0.3 * r.nextGaussian();
        return n;
    }

    static Network smallFlatNet(Activation hidden) {
        Random r = new Random(9);
        double[][] rows = new double[20][4];
        for (double[] row : rows) for (int j = 0; j < 4; j++) row[j] = r.nextDouble();
        List<Layer> l = new ArrayList<>();
        l.add(StandardizeLayer.fit(rows));
        l.add(new DenseLayer(4, 5, hidden));
        l.add(new DenseLayer(5, 3, Activation.LINEAR));
        Network n = new Network(false, 4, l);
        n.init(13);
        return n;
    }

    /** Central differences on every parameter against the analytic gradient. */
    static void checkGradient(Network n, double[] x, int label, Loss loss, double weight) {
        double[] p = n.params().clone();
        double[] grad = new double[p.length];
        n.lossAndGradient(p, x, label, loss, weight, grad);
        double h = 1e-6;
        double worst = 0;
        for (int k = 0; k < p.length; k++) {
            double keep = p[k];
            p[k] = keep + h;
            double up = n.lossAndGradient(p, x, label, loss, weight, new double[p.length]);
            p[k] = keep - h;
            double down = n.lossAndGradient(p, x, label, loss, weight, new double[p.length]);
            p[k] = keep;
            double numeric = (up - down) / (2 * h);
            double err = Math.abs(numeric - grad[k]) / Math.max(1e-4, Math.abs(numeric) + Math.abs(grad[k]));
            worst = Math.max(worst, err);
        }
        assertThat(worst).as("worst relative gradient error of %s with %s", n.architecture(), loss.name()).isLessThan(1e-5);
    }

    static List<Loss> losses() {
        return List.of(new Loss.CategoricalCrossEntropy(), new Loss.MeanSquaredError(), new Loss.CategoricalFocal(0.25, 2.0), new Loss.CategoricalFocal(0.5, 0.5));
    }

    @Test
    void lstmGradientsMatchFiniteDifferencesForEveryLoss() {
        double[] x = {0.1, 0.7, 0.02, 0.45, 0.9};
        for (Activation cell : List.of(Activation.SELU, Activation.TANH))
            for (Loss loss : losses())
                for (int label = 0; label < 3; label++) checkGradient(smallSequenceNet(cell), x, label, loss, 1.3);
    }

    @Test
    void denseAndStandardizeGradientsMatchFiniteDifferencesForEveryLoss() {
        double[] x = {0.3, 0.05, 0.8, 0.6};
        for (Activation a : List.of(Activation.SELU, Activation.RELU, Activation.SIGMOID, Activation.TANH, Activation.LINEAR))
            for (Loss loss : losses())
                for (int label = 0; label < 3; label++) checkGradient(smallFlatNet(a), x, label, loss, 0.7);
    }

    /**
     * The batched float engine against the double reference above (itself checked by finite differences): the summed
     * loss and every parameter's gradient over a block of rows, for each layer kind, activation and loss, with class
     * weights. Float forward/backward passes and rational tanh / sigmoid / selu (absolute error about 3e-7) leave
     * differences of about 1e-6 of the largest gradient; the bound is 2e-5.
     */
    static double engineVsReference(Network n, double[][] rows, int[] labels, Loss loss, double[] classWeights) {
        double[] p = n.params();
        double[] ref = new double[p.length];
        double refLoss = 0;
        for (int r = 0; r < rows.length; r++) {
            double w = classWeights == null ? 1 : classWeights[labels[r]];
            refLoss += n.lossAndGradient(p, rows[r], labels[r], loss, w, ref);
        }
        FloatEngine engine = new FloatEngine(n);
        engine.load(p);
        FloatEngine.Work work = engine.newWork(rows.length);
        work.zeroGradient();
        int[] order = new int[rows.length];
        for (int r = 0; r < order.length; r++) order[r] = r;
        double fastLoss = work.lossAndGradient(new Dataset(List.of(), rows, labels, List.of()), order, 0, rows.length, loss, classWeights);
        double[] fast = new double[p.length];
        work.addGradientTo(fast);
        double scale = 0, worst = 0;
        for (double g : ref) scale = Math.max(scale, Math.abs(g));
        for (int k = 0; k < p.length; k++) worst = Math.max(worst, Math.abs(fast[k] - ref[k]) / scale);
        assertThat(Math.abs(fastLoss - refLoss) / Math.abs(refLoss)).as("loss of %s with %s", n.architecture(), loss.name()).isLessThan(2e-5);
        assertThat(worst).as("gradient of %s with %s", n.architecture(), loss.name()).isLessThan(2e-5);
        return worst;
    }

    @Test
    void floatEngineGradientsMatchTheDoubleReference() {
        Random r = new Random(21);
        double[][] seqRows = new double[7][5];
        int[] seqLabels = new int[7];
        for (int i = 0; i < 7; i++) { for (int t = 0; t < 5; t++) seqRows[i][t] = r.nextDouble(); seqLabels[i] = i % 3; }
        double[][] flatRows = new double[6][4];
        int[] flatLabels = new int[6];
        for (int i = 0; i < 6; i++) { for (int k = 0; k < 4; k++) flatRows[i][k] = r.nextDouble(); flatLabels[i] = (i + 1) % 3; }
        double[] weights = {1.3, 0.6, 2.0};
        double worst = 0;
        for (Loss loss : losses()) {
            for (Activation cell : List.of(Activation.SELU, Activation.TANH))
                worst = Math.max(worst, engineVsReference(smallSequenceNet(cell), seqRows, seqLabels, loss, weights));
            for (Activation a : List.of(Activation.SELU, Activation.RELU, Activation.SIGMOID, Activation.TANH, Activation.LINEAR))
                worst = Math.max(worst, engineVsReference(smallFlatNet(a), flatRows, flatLabels, loss, null));
        }
        // the paper's model on 16 real rows (one thread's slice of a batch of 32)
        Dataset val = CsvData.read(TestData.val(), 0, CsvData.OnBadRow.FAIL, null);
        Network paper = Architectures.lstmPaper(52);
        paper.init(7);
        worst = Math.max(worst, engineVsReference(paper, java.util.Arrays.copyOf(val.x, 16), java.util.Arrays.copyOf(val.y, 16), new Loss.CategoricalCrossEntropy(), null));
        System.out.printf("float engine vs double reference: worst gradient difference %.3g of the largest gradient%n", worst);
        // predictions: the float engine (what predict uses) against the reference
        double diff = 0;
        for (int i = 0; i < 50; i++) {
            double[] a = paper.predict(val.x[i]), b = paper.referencePredict(val.x[i]);
            for (int k = 0; k < 3; k++) diff = Math.max(diff, Math.abs(a[k] - b[k]));
        }
        assertThat(diff).isLessThan(2e-6);
    }

    @Test
    void lossesGiveHandComputedValues() {
        double[] p = {0.2, 0.5, 0.3};
        assertThat(new Loss.CategoricalCrossEntropy().value(p, 1)).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-12));
        // ((0.2-0)^2 + (0.5-1)^2 + (0.3-0)^2) / 3 = (0.04 + 0.25 + 0.09) / 3
        assertThat(new Loss.MeanSquaredError().value(p, 1)).isCloseTo(0.38 / 3, org.assertj.core.data.Offset.offset(1e-12));
        // 0.25 * (1 - 0.5)^2 * ln 2
        assertThat(new Loss.CategoricalFocal(0.25, 2).value(p, 1)).isCloseTo(0.0625 * Math.log(2), org.assertj.core.data.Offset.offset(1e-12));
        // gamma 0, alpha 1: focal equals cross-entropy
        assertThat(new Loss.CategoricalFocal(1, 0).value(p, 2)).isCloseTo(-Math.log(0.3), org.assertj.core.data.Offset.offset(1e-12));
        // CCE gradient w.r.t. logits is p - y
        assertThat(new Loss.CategoricalCrossEntropy().gradLogits(p, 0)).containsExactly(new double[] {-0.8, 0.5, 0.3}, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> Loss.parse("hinge", 0.25, 2)).hasMessageContaining("use cce, mse or focal");
    }

    @Test
    void selectionRuleOnTheRealValidationFile() {
        Dataset val = CsvData.read(TestData.val(), 0, CsvData.OnBadRow.FAIL, System.err);
        List<String> kept = CsvData.selectFeatures(val, 0.4, 100);
        System.out.println("selection rule keeps " + kept.size() + " of 52 on " + TestData.val().getFileName() + ": " + kept);
        for (int k = 0; k < 52; k++) {
            int count = 0;
            for (double[] row : val.x) if (row[k] > 0.4) count++;
            assertThat(kept.contains(val.featureNames.get(k))).as(val.featureNames.get(k) + " exceeds 0.4 in " + count + " rows").isEqualTo(count > 100);
        }
        assertThat(kept).isNotEmpty().hasSizeLessThan(52);
        // configurable: a stricter count keeps a subset
        assertThat(kept).containsAll(CsvData.selectFeatures(val, 0.4, 400));
        assertThatThrownBy(() -> CsvData.selectFeatures(val, 2.0, 100)).isInstanceOf(DataException.class).hasMessageContaining("kept no blendshape");
    }

    /**
     * Same seed, same weights to the bit, whatever the thread timing: each thread owns a fixed slice of every batch
     * and its own gradient buffers, added in thread order. Run for the dense model and for lstm-paper (float engine,
     * 2 threads, a batch that does not split evenly).
     */
    @Test
    void sameSeedGivesIdenticalWeightsDifferentSeedDoesNot() {
        Dataset val = CsvData.read(TestData.val(), 0, CsvData.OnBadRow.FAIL, null);
        Dataset[] split = val.stratifiedSplit(0.15, 1);
        Dataset small = split[0].rows(java.util.stream.IntStream.range(0, 200).toArray());
        for (String id : List.of("dense", "lstm-paper")) {
            double[][] runs = new double[3][];
            long[] seeds = {4, 4, 5};
            for (int r = 0; r < 3; r++) {
                Trainer.Config c = new Trainer.Config();
                c.epochs = id.equals("dense") ? 3 : 2;
                c.batchSize = id.equals("dense") ? 32 : 27;
                c.seed = seeds[r];
                c.threads = 2;
                Dataset tr = id.equals("dense") ? split[0] : small;
                Network n = (Network) Architectures.build(id, tr.x, seeds[r]);
                new Trainer(c).train(n, tr, split[1]);
                runs[r] = n.params().clone();
            }
            assertThat(runs[1]).as(id).containsExactly(runs[0]);
            assertThat(runs[2]).as(id).isNotEqualTo(runs[0]);
        }
    }

    @Test
    void stratifiedSplitKeepsClassShares() {
        Dataset val = CsvData.read(TestData.val(), 0, CsvData.OnBadRow.FAIL, null);
        Dataset[] split = val.stratifiedSplit(0.15, 1);
        assertThat(split[0].size() + split[1].size()).isEqualTo(val.size());
        int[] all = val.classCounts();
        int[] held = split[1].classCounts();
        for (int c = 0; c < 3; c++) assertThat(held[c]).isEqualTo((int) Math.round(all[c] * 0.15));
    }
}
