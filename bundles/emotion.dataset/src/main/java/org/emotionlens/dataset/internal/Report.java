package org.emotionlens.dataset.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.lib.jfreechart.Charts;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYDotRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * The paper's feature selection (section 4.1: keep a blendshape when its score exceeds 0.4 in more than 100 rows)
 * with its figures: Figure 2 (one face's 52 scores as bars), Figure 5 (every row's scores per blendshape as a
 * scatter) and class counts. Reads build's CSVs (header with the blendshape names and {@code label}) or the paper's
 * headerless files (52 scores, label[, index]).
 */
final class Report {
    record Selection(int rows, int[] above, float[] max, double[] mean, List<String> kept) {
    }

    record Table(float[][] x, int[] y) {
    }

    private static final Color BAR = new Color(60, 110, 190);
    private static final Color KEPT_BAND = new Color(215, 225, 255);
    private static final Font NAME_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private Report() {
    }

    static Table read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new UsageException(csv + ": no such file");
        }
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        int[][] cols = {null};
        int[] labelCol = {52};
        Csv.forEachRow(csv, StandardCharsets.UTF_8, (lineNo, f) -> {
            if (cols[0] == null) {
                cols[0] = new int[Blendshapes.COUNT];
                if (!isNumber(f[0].trim())) {
                    List<String> h = new ArrayList<>();
                    for (String s : f) {
                        h.add(s.trim());
                    }
                    for (int k = 0; k < Blendshapes.COUNT; k++) {
                        cols[0][k] = h.indexOf(Blendshapes.NAMES.get(k));
                        if (cols[0][k] < 0) {
                            throw new UsageException(csv + ":" + lineNo + ": header lacks blendshape column '"
                                    + Blendshapes.NAMES.get(k) + "'");
                        }
                    }
                    labelCol[0] = h.indexOf("label");
                    return;
                }
                for (int k = 0; k < Blendshapes.COUNT; k++) {
                    cols[0][k] = k;
                }
                if (f.length < 53) {
                    throw new UsageException(csv + ":" + lineNo + ": " + f.length
                            + " columns and no header; expected 52 blendshape scores and a label");
                }
            }
            float[] x = new float[Blendshapes.COUNT];
            try {
                for (int k = 0; k < x.length; k++) {
                    x[k] = Float.parseFloat(f[cols[0][k]].trim());
                }
                ys.add(labelCol[0] >= 0 ? (int) Double.parseDouble(f[labelCol[0]].trim()) : -1);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new UsageException(csv + ":" + lineNo + ": not a row of 52 scores and a label: " + e.getMessage());
            }
            xs.add(x);
        });
        int[] y = new int[ys.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ys.get(i);
        }
        return new Table(xs.toArray(float[][]::new), y);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Selection select(float[][] x, double threshold, int minCount) {
        int[] above = new int[Blendshapes.COUNT];
        float[] max = new float[Blendshapes.COUNT];
        double[] mean = new double[Blendshapes.COUNT];
        for (float[] row : x) {
            for (int k = 0; k < above.length; k++) {
                if (row[k] > threshold) {
                    above[k]++;
                }
                max[k] = Math.max(max[k], row[k]);
                mean[k] += row[k] / x.length;
            }
        }
        List<String> kept = new ArrayList<>();
        for (int k = 0; k < above.length; k++) {
            if (above[k] > minCount) {
                kept.add(Blendshapes.NAMES.get(k));
            }
        }
        return new Selection(x.length, above, max, mean, kept);
    }

    /** Selection CSV + markdown, Figure 2 for row {@code faceRow}, Figure 5, and class counts of the file. */
    static Selection run(Path csv, Path outDir, double threshold, int minCount, int faceRow) throws IOException {
        Table t = read(csv);
        if (t.x().length == 0) {
            throw new UsageException(csv + ": no data rows");
        }
        Files.createDirectories(outDir);
        Selection s = select(t.x(), threshold, minCount);
        List<List<Object>> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# Blendshape selection: %s%n%nRule (paper, section 4.1): keep a blendshape "
                + "when its score is above %.2f in more than %d of the %d rows.%n%n**Kept: %d of 52.**%n%n",
                csv.getFileName(), threshold, minCount, s.rows(), s.kept().size()));
        md.append("| # | blendshape | rows > threshold | max | mean | kept |\n|---|---|---|---|---|---|\n");
        for (int k = 0; k < Blendshapes.COUNT; k++) {
            boolean kept = s.above()[k] > minCount;
            rows.add(List.of(k, Blendshapes.NAMES.get(k), s.above()[k], String.format(Locale.ROOT, "%.4f", s.max()[k]),
                    String.format(Locale.ROOT, "%.4f", s.mean()[k]), kept));
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %.3f | %.3f | %s |%n", k, Blendshapes.NAMES.get(k),
                    s.above()[k], s.max()[k], s.mean()[k], kept ? "yes" : ""));
        }
        md.append("\nKept: ").append(String.join(", ", s.kept())).append("\n");
        int[] classCounts = new int[8];
        for (int y : t.y()) {
            if (y >= 0 && y < classCounts.length) {
                classCounts[y]++;
            }
        }
        md.append("\nRows per label value: ");
        for (int l = 0; l < classCounts.length; l++) {
            if (classCounts[l] > 0) {
                md.append(l).append(" = ").append(classCounts[l]).append("; ");
            }
        }
        md.append("\n");
        writeAtomically(outDir.resolve("selection.csv"),
                Csv.text(List.of("index", "blendshape", "rows_above_threshold", "max", "mean", "kept"), rows));
        writeAtomically(outDir.resolve("selection.md"), md.toString());
        int row = Math.min(Math.max(0, faceRow), t.x().length - 1);
        writePng(figure2(t.x()[row], "Figure 2: blendshape scores of row " + row + " of " + csv.getFileName()),
                outDir.resolve("figure2-row" + row + ".png"));
        writePng(figure5(t.x(), threshold, s, "Figure 5: scores of " + t.x().length + " rows of " + csv.getFileName()),
                outDir.resolve("figure5-scatter.png"));
        return s;
    }

    /** One face's 52 scores as bars, names written downwards under them. */
    static BufferedImage figure2(float[] scores, String title) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int k = 0; k < Blendshapes.COUNT; k++) {
            data.addValue(scores[k], "score", Blendshapes.NAMES.get(k));
        }
        JFreeChart chart = Charts.styled(ChartFactory.createBarChart(title, null, "score", data,
                PlotOrientation.VERTICAL, false, false, false));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRangeAxis().setRange(0, 1);
        plot.getRenderer().setSeriesPaint(0, BAR);
        namesDownwards(plot.getDomainAxis());
        return Charts.render(chart, 1200, 560);
    }

    private static void namesDownwards(CategoryAxis axis) {
        axis.setCategoryLabelPositions(CategoryLabelPositions.DOWN_90);
        axis.setTickLabelFont(NAME_FONT);
        axis.setMaximumCategoryLabelWidthRatio(10f);
    }

    /** Every row's 52 scores as jittered dots per blendshape, the threshold as a red line, kept ones shaded blue. */
    static BufferedImage figure5(float[][] x, double threshold, Selection s, String title) {
        double[][] xy = new double[2][x.length * Blendshapes.COUNT];
        Random jitter = new Random(1);
        int i = 0;
        for (float[] row : x) {
            for (int k = 0; k < Blendshapes.COUNT; k++, i++) {
                xy[0][i] = k + (jitter.nextDouble() - 0.5) * 0.6;
                xy[1][i] = row[k];
            }
        }
        DefaultXYDataset data = new DefaultXYDataset();
        data.addSeries("scores", xy);
        SymbolAxis names = new SymbolAxis(null, Blendshapes.NAMES.toArray(String[]::new));
        names.setVerticalTickLabels(true);
        names.setTickLabelFont(NAME_FONT);
        names.setGridBandsVisible(false);
        names.setRange(-0.5, Blendshapes.COUNT - 0.5);
        NumberAxis score = new NumberAxis("score");
        score.setRange(0, 1);
        XYDotRenderer dots = new XYDotRenderer();
        dots.setDotWidth(2);
        dots.setDotHeight(2);
        XYPlot plot = new XYPlot(data, names, score, dots);
        JFreeChart chart = Charts.styled(new JFreeChart(
                title + " (dots; red line = threshold; kept blendshapes shaded blue)", plot));
        chart.removeLegend();
        dots.setSeriesPaint(0, new Color(30, 30, 30, 40));
        plot.setDomainGridlinesVisible(false);
        for (int k = 0; k < Blendshapes.COUNT; k++) {
            if (s.kept().contains(Blendshapes.NAMES.get(k))) {
                plot.addDomainMarker(new IntervalMarker(k - 0.5, k + 0.5, KEPT_BAND), Layer.BACKGROUND);
            }
        }
        plot.addRangeMarker(new ValueMarker(threshold, Color.RED, new java.awt.BasicStroke(1.2f)));
        return Charts.render(chart, 1200, 600);
    }

    /** Rows per split and label as a CSV and a grouped bar chart. */
    static void classCounts(Counts counts, List<String> labels, Path outDir) throws IOException {
        List<String> header = new ArrayList<>(List.of("split"));
        header.addAll(labels);
        header.add("total");
        List<List<Object>> rows = new ArrayList<>();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String split : Fer.SPLITS) {
            List<Object> row = new ArrayList<>(List.of(split));
            for (String l : labels) {
                row.add(counts.get("rows", split, l));
                data.addValue(counts.get("rows", split, l), l, split);
            }
            row.add(counts.total("rows", split));
            rows.add(row);
        }
        writeAtomically(outDir.resolve("class-counts.csv"), Csv.text(header, rows));
        JFreeChart chart = Charts.styled(ChartFactory.createBarChart("Rows per split and label", null, "rows", data));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRenderer().setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator());
        plot.getRenderer().setDefaultItemLabelsVisible(true);
        plot.getRenderer().setDefaultItemLabelFont(NAME_FONT);
        // room above the tallest bar for its count
        ((NumberAxis) plot.getRangeAxis()).setUpperMargin(0.12);
        writePng(Charts.render(chart, 160 + 3 * (labels.size() * 40 + 40), 420), outDir.resolve("class-counts.png"));
    }

    private static void writePng(BufferedImage img, Path file) throws IOException {
        Charts.writePng(img, file);
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
