package org.emotionlens.lib.jfreechart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the drawn pixels back: bar heights, legend swatches, heat-map cell colours and text. */
class ChartsTest {
    @TempDir
    Path dir;

    static final double[] ACCURACY = {0.2, 0.4, 0.8};
    static final double[] F1 = {0.1, 0.3, 0.6};

    static JFreeChart bars() {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (int i = 0; i < ACCURACY.length; i++) {
            d.addValue(ACCURACY[i], "accuracy", "model " + i);
            d.addValue(F1[i], "macro-F1", "model " + i);
        }
        JFreeChart c = Charts.styled(ChartFactory.createBarChart("two series", "model", "score", d));
        c.getCategoryPlot().getRangeAxis().setRange(0, 1);
        return c;
    }

    @Test
    void barHeightsFollowTheValuesAndTheLegendShowsEachSeriesColour() {
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = Charts.render(bars(), 640, 420, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        for (int s = 0; s < 2; s++) {
            double[] values = s == 0 ? ACCURACY : F1;
            List<int[]> runs = columnRuns(img, area, Charts.PALETTE.get(s));
            assertThat(runs).as("bars of series %d", s).hasSize(values.length);
            for (int i = 0; i < values.length; i++) {
                int middle = (runs.get(i)[0] + runs.get(i)[1]) / 2;
                int height = colouredHeight(img, area, middle, Charts.PALETTE.get(s));
                // the value axis runs 0..1 over the data area's height
                assertThat((double) height).as("series %d bar %d", s, i).isCloseTo(values[i] * area.getHeight(), within(2.0));
            }
            assertThat(countOutside(img, area, Charts.PALETTE.get(s))).as("legend swatch of series %d", s).isGreaterThan(20);
        }
    }

    @Test
    void withoutALegendNoSeriesColourIsDrawnOutsideThePlot() {
        JFreeChart c = bars();
        c.removeLegend();
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = Charts.render(c, 640, 420, info);
        assertThat(countOutside(img, info.getPlotInfo().getDataArea(), Charts.PALETTE.get(0))).isZero();
    }

    @Test
    void heatMapColoursCellsByIntensityAndWritesTheirText() throws Exception {
        double[][] intensity = {{1.0, 0.0}, {0.5, 0.0}};
        String[][] text = {{"9", "0"}, {"5", ""}};
        JFreeChart c = Charts.heatMap("matrix", "predicted", List.of("a", "b"), "truth", List.of("a", "b"), intensity, text);
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage img = Charts.render(c, 400, 400, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        double cw = area.getWidth() / 2;
        double ch = area.getHeight() / 2;
        // sample a quarter in from each cell's corner, away from the centred text
        int[] topLeft = {(int) (area.getX() + cw / 4), (int) (area.getY() + ch / 4)};
        int[] topRight = {(int) (area.getX() + cw * 1.25), (int) (area.getY() + ch / 4)};
        int[] bottomLeft = {(int) (area.getX() + cw / 4), (int) (area.getY() + ch * 1.25)};
        assertThat(new Color(img.getRGB(topLeft[0], topLeft[1]))).isEqualTo(Charts.HEAT);
        assertThat(new Color(img.getRGB(topRight[0], topRight[1]))).isEqualTo(Color.WHITE);
        assertThat(new Color(img.getRGB(bottomLeft[0], bottomLeft[1]))).isEqualTo(Charts.heat(0.5));
        // row 0 is at the top: its dark cell's centre has white text on it, the bottom-right (empty text) none
        assertThat(count(img, (int) area.getX(), (int) area.getY(), (int) cw, (int) ch, Color.WHITE)).isGreaterThan(10);
        assertThat(count(img, (int) (area.getX() + cw + 2), (int) (area.getY() + ch + 2), (int) cw - 4, (int) ch - 4,
                Color.BLACK)).isZero();
        Path png = dir.resolve("sub/matrix.png");
        Charts.writePng(img, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(back.getRGB(topLeft[0], topLeft[1])).isEqualTo(img.getRGB(topLeft[0], topLeft[1]));
        assertThat(Files.exists(dir.resolve("sub/matrix.png.partial"))).isFalse();
    }

    @Test
    void besidePutsImagesLeftToRight() {
        BufferedImage red = filled(30, 20, Color.RED);
        BufferedImage blue = filled(10, 40, Color.BLUE);
        BufferedImage both = Charts.beside(List.of(red, blue));
        assertThat(both.getWidth()).isEqualTo(40);
        assertThat(both.getHeight()).isEqualTo(40);
        assertThat(new Color(both.getRGB(29, 5))).isEqualTo(Color.RED);
        assertThat(new Color(both.getRGB(30, 35))).isEqualTo(Color.BLUE);
        assertThat(new Color(both.getRGB(5, 35))).isEqualTo(Color.WHITE);
    }

    static BufferedImage filled(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, c.getRGB());
            }
        }
        return img;
    }

    /** Column ranges [first, last] inside the data area that hold the colour somewhere. */
    static List<int[]> columnRuns(BufferedImage img, Rectangle2D area, Color c) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int x = (int) area.getMinX(); x <= (int) area.getMaxX(); x++) {
            boolean has = colouredHeight(img, area, x, c) > 0;
            if (has && start < 0) {
                start = x;
            } else if (!has && start >= 0) {
                runs.add(new int[] {start, x - 1});
                start = -1;
            }
        }
        return runs;
    }

    static int colouredHeight(BufferedImage img, Rectangle2D area, int x, Color c) {
        int n = 0;
        for (int y = (int) area.getMinY(); y < Math.min(img.getHeight(), (int) Math.ceil(area.getMaxY()) + 1); y++) {
            if (img.getRGB(x, y) == c.getRGB()) {
                n++;
            }
        }
        return n;
    }

    static int countOutside(BufferedImage img, Rectangle2D area, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (!area.contains(x, y) && img.getRGB(x, y) == c.getRGB()) {
                    n++;
                }
            }
        }
        return n;
    }

    static int count(BufferedImage img, int x0, int y0, int w, int h, Color c) {
        int n = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                if (img.getRGB(x, y) == c.getRGB()) {
                    n++;
                }
            }
        }
        return n;
    }
}
