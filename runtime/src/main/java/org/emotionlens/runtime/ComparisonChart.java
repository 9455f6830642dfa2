package org.emotionlens.runtime;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import org.emotionlens.lib.jfreechart.Charts;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The comparison's picture: label distribution per variant (stacked bars) beside the agreement heat map. */
final class ComparisonChart {
    /** Colours of happy, unknown, sad. */
    static final List<Color> LABEL_COLOURS = List.of(new Color(0xF2B134), new Color(0x9E9E9E), new Color(0x3F7FBF));

    private ComparisonChart() {
    }

    /** Label distribution per variant (stacked bars) and the agreement matrix (heat map). */
    static BufferedImage draw(List<VariantFigures> variants, double[][] agreement) {
        return Charts.beside(List.of(Charts.render(distribution(variants), 480, 420),
                Charts.render(agreement(variants, agreement), 420, 420)));
    }

    static JFreeChart distribution(List<VariantFigures> variants) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (VariantFigures v : variants) {
            double total = Math.max(1, v.rows().size());
            String column = v.accuracy() == null ? v.name()
                    : String.format(Locale.ROOT, "%s (acc %.3f)", v.name(), v.accuracy());
            for (String label : ComparisonReport.LABELS) {
                data.addValue(v.labelCounts().getOrDefault(label, 0L) / total, label, column);
            }
        }
        JFreeChart chart = Charts.styled(ChartFactory.createStackedBarChart("Label distribution", null, "share of rows",
                data, PlotOrientation.VERTICAL, true, false, false));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRangeAxis().setRange(0, 1);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        for (int k = 0; k < LABEL_COLOURS.size(); k++) {
            plot.getRenderer().setSeriesPaint(k, LABEL_COLOURS.get(k));
        }
        return chart;
    }

    static JFreeChart agreement(List<VariantFigures> variants, double[][] agreement) {
        int n = variants.size();
        List<String> names = variants.stream().map(VariantFigures::name).toList();
        double[][] intensity = new double[n][n];
        String[][] text = new String[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double a = Double.isNaN(agreement[i][j]) ? 0 : agreement[i][j];
                // Agreement between real variants lies mostly in 0.5-1: spread that range over the colour scale.
                intensity[i][j] = (a - 0.5) * 2;
                text[i][j] = String.format(Locale.ROOT, "%.2f", a);
            }
        }
        return Charts.heatMap("Agreement", null, names, null, names, intensity, text);
    }
}
