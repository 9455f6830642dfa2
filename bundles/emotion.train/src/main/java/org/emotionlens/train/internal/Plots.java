package org.emotionlens.train.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.emotionlens.lib.jfreechart.Charts;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The training engine's PNG charts (JFreeChart through lib.jfreechart): curves, a confusion matrix, grouped bars. */
public final class Plots {
    private Plots() { }

    /** When set, written small at the bottom of every chart (the benches put the command that made it here). */
    public static volatile String caption;

    /** A named series of (x, y) points. */
    public record Series(String name, double[] x, double[] y) { }

    private static void save(JFreeChart chart, int width, int height, Path file) {
        try {
            Charts.writePng(Charts.render(Charts.caption(chart, caption), width, height), file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot write PNG: " + e.getMessage());
        }
    }

    /** Line charts of several series, one panel per list stacked over a shared x axis (e.g. loss, accuracy). */
    public static void lines(Path file, String title, List<String> panelTitles, List<List<Series>> panels) {
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("epoch"));
        plot.setGap(12);
        int colour = 0;
        for (int p = 0; p < panels.size(); p++) {
            XYSeriesCollection data = new XYSeriesCollection();
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
            for (Series s : panels.get(p)) {
                XYSeries xy = new XYSeries(s.name(), false, true);
                for (int k = 0; k < s.x().length; k++) {
                    if (Double.isFinite(s.y()[k])) xy.add(s.x()[k], s.y()[k]);
                }
                // one colour per series across all panels, so that the one legend tells them apart
                renderer.setSeriesPaint(data.getSeriesCount(), Charts.PALETTE.get(colour++ % Charts.PALETTE.size()));
                renderer.setSeriesStroke(data.getSeriesCount(), new BasicStroke(1.6f));
                data.addSeries(xy);
            }
            NumberAxis y = new NumberAxis(panelTitles.get(p));
            y.setAutoRangeIncludesZero(false);
            plot.add(new XYPlot(data, null, y, renderer), 1);
        }
        JFreeChart chart = new JFreeChart(title, plot);
        // the theme would recolour the series by position within each panel: keep the colours chosen above
        Paint[][] kept = new Paint[panels.size()][];
        for (int p = 0; p < panels.size(); p++) {
            XYPlot sub = plot.getSubplots().get(p);
            kept[p] = new Paint[sub.getSeriesCount()];
            for (int s = 0; s < kept[p].length; s++) kept[p][s] = sub.getRenderer().getSeriesPaint(s);
        }
        Charts.styled(chart);
        for (int p = 0; p < panels.size(); p++) {
            XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getSubplots().get(p).getRenderer();
            for (int s = 0; s < kept[p].length; s++) {
                r.setSeriesPaint(s, kept[p][s]);
                r.setSeriesStroke(s, new BasicStroke(1.6f));
            }
        }
        save(chart, 820, 300 * Math.max(1, panels.size()) + 60, file);
    }

    /** Confusion matrix heat map with counts; rows = truth, shade = share of the truth row. */
    public static void confusion(Path file, String title, List<String> labels, int[][] m) {
        int n = labels.size();
        double[][] share = new double[n][n];
        String[][] text = new String[n][n];
        for (int r = 0; r < n; r++) {
            int rowSum = 0;
            for (int c = 0; c < n; c++) rowSum += m[r][c];
            for (int c = 0; c < n; c++) {
                share[r][c] = rowSum == 0 ? 0 : (double) m[r][c] / rowSum;
                text[r][c] = String.valueOf(m[r][c]);
            }
        }
        save(Charts.heatMap(title, "predicted", labels, "truth", labels, share, text), Math.max(640, 160 + 90 * n),
                150 + 90 * n, file);
    }

    /** Grouped bar chart: groups along x, one bar per series, optional error bars and horizontal reference lines. */
    public static void bars(Path file, String title, List<String> groups, List<String> series, double[][] values,
                            double[][] errors, double minY, double maxY, List<String> refNames, double[] refValues) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (int g = 0; g < groups.size(); g++) {
            for (int s = 0; s < series.size(); s++) {
                double v = values[g][s];
                Double e = errors != null && Double.isFinite(errors[g][s]) && errors[g][s] > 0 ? errors[g][s] : null;
                data.add(Double.isFinite(v) ? v : null, e, series.get(s), groups.get(g));
            }
        }
        NumberAxis y = new NumberAxis();
        y.setRange(minY, maxY);
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setErrorIndicatorPaint(Color.BLACK);
        CategoryAxis x = new CategoryAxis();
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        x.setMaximumCategoryLabelLines(2);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        JFreeChart chart = Charts.styled(new JFreeChart(title, plot));
        if (refValues != null) {
            for (int k = 0; k < refValues.length; k++) {
                ValueMarker line = new ValueMarker(refValues[k], k == 0 ? Color.RED : Color.GRAY,
                        new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                line.setLabel(refNames.get(k));
                line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                line.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
                plot.addRangeMarker(line);
            }
        }
        int groupWidth = Math.max(60, 18 * series.size() + 24);
        save(chart, Math.max(640, 120 + groupWidth * groups.size()), 520, file);
    }

    /** Training curves of a run: loss and validation accuracy / macro-F1 per epoch (member 0 and the rest). */
    public static void trainingCurves(Path png, Path csv, String title, List<Trainer.Epoch> history) {
        StringBuilder sb = new StringBuilder("member,epoch,train_loss,val_loss,val_accuracy,val_macro_f1,seconds\n");
        for (Trainer.Epoch e : history)
            sb.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.3f%n", e.member(), e.epoch(), e.trainLoss(), e.valLoss(), e.valAccuracy(), e.valMacroF1(), e.seconds()));
        try {
            if (csv.getParent() != null) Files.createDirectories(csv.getParent());
            Files.writeString(csv, sb.toString());
        } catch (IOException e) {
            throw new DataException(csv + ": cannot write: " + e.getMessage());
        }
        curves(png, title, history);
    }

    /** The chart of {@link #trainingCurves} alone (a replot from the curves CSV draws the same). */
    public static void curves(Path png, String title, List<Trainer.Epoch> history) {
        List<Series> loss = new java.util.ArrayList<>();
        List<Series> quality = new java.util.ArrayList<>();
        int members = history.stream().mapToInt(Trainer.Epoch::member).max().orElse(0) + 1;
        for (int m = 0; m < Math.min(members, 3); m++) {
            final int mm = m;
            List<Trainer.Epoch> h = history.stream().filter(e -> e.member() == mm).toList();
            double[] x = h.stream().mapToDouble(Trainer.Epoch::epoch).toArray();
            String tag = members > 1 ? " m" + m : "";
            loss.add(new Series("train" + tag, x, h.stream().mapToDouble(Trainer.Epoch::trainLoss).toArray()));
            loss.add(new Series("validation" + tag, x, h.stream().mapToDouble(Trainer.Epoch::valLoss).toArray()));
            quality.add(new Series("val accuracy" + tag, x, h.stream().mapToDouble(Trainer.Epoch::valAccuracy).toArray()));
            quality.add(new Series("val macro-F1" + tag, x, h.stream().mapToDouble(Trainer.Epoch::valMacroF1).toArray()));
        }
        lines(png, title, List.of("loss per epoch", "validation accuracy / macro-F1"), List.of(loss, quality));
    }
}
