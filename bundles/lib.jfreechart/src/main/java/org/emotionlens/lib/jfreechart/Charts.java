package org.emotionlens.lib.jfreechart;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import javax.imageio.ImageIO;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The charts' shared look and the pieces JFreeChart has no one call for: a heat map with text in its cells (confusion
 * and agreement matrices), images side by side, and writing a PNG so that a reader never sees half a file.
 */
public final class Charts {
    static {
        // Charts are drawn into images by commands and benches; never let AWT look for a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Series colours in order (matplotlib's "tab10"), so that every chart colours its first series alike. */
    public static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f));

    /** Colour of the heat map's most intense cell; the least intense one is white. */
    public static final Color HEAT = new Color(40, 40, 255);

    /** Above this intensity a heat-map cell's text is white, below it black. */
    public static final double LIGHT_TEXT_ABOVE = 0.6;

    private static final StandardChartTheme THEME = theme();

    private Charts() {
    }

    private static StandardChartTheme theme() {
        StandardChartTheme t = new StandardChartTheme("EmotionLens");
        // Logical fonts: the same on every machine with a JRE, unlike the theme's default Tahoma.
        t.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        t.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        t.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        t.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        t.setChartBackgroundPaint(Color.WHITE);
        t.setPlotBackgroundPaint(Color.WHITE);
        t.setPlotOutlinePaint(Color.GRAY);
        t.setDomainGridlinePaint(new Color(0xdddddd));
        t.setRangeGridlinePaint(new Color(0xdddddd));
        t.setLegendBackgroundPaint(Color.WHITE);
        t.setBarPainter(new StandardBarPainter());
        t.setXYBarPainter(new StandardXYBarPainter());
        t.setShadowVisible(false);
        t.setItemLabelPaint(Color.BLACK);
        t.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE.toArray(new Paint[0]),
                DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        return t;
    }

    /**
     * Gives a chart the project's look (white background, palette, fonts, flat bars). Call it before adding text
     * annotations or setting series colours by hand: the theme resets those.
     */
    public static JFreeChart styled(JFreeChart chart) {
        THEME.apply(chart);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    /** Adds a small grey line of text at the bottom (e.g. the command that made the chart); null adds nothing. */
    public static JFreeChart caption(JFreeChart chart, String text) {
        if (text != null && !text.isEmpty()) {
            TextTitle t = new TextTitle(text, new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            t.setPaint(Color.GRAY);
            t.setPosition(RectangleEdge.BOTTOM);
            t.setHorizontalAlignment(HorizontalAlignment.LEFT);
            chart.addSubtitle(t);
        }
        return chart;
    }

    /** The chart drawn into an opaque image. */
    public static BufferedImage render(JFreeChart chart, int width, int height) {
        return render(chart, width, height, null);
    }

    /** The chart drawn into an opaque image; {@code info} (may be null) receives where the plot and its data went. */
    public static BufferedImage render(JFreeChart chart, int width, int height, ChartRenderingInfo info) {
        return chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, info);
    }

    /**
     * A matrix as coloured cells with text: {@code intensity[row][column]} in 0..1 runs from white to {@link #HEAT},
     * {@code text[row][column]} is written in the cell. Row 0 is at the top, column 0 at the left.
     */
    public static JFreeChart heatMap(String title, String columnAxis, List<String> columns, String rowAxis,
            List<String> rows, double[][] intensity, String[][] text) {
        int n = rows.size() * columns.size();
        double[][] xyz = new double[3][n];
        for (int r = 0, i = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++, i++) {
                xyz[0][i] = c;
                xyz[1][i] = r;
                xyz[2][i] = clamp(intensity[r][c]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("cells", xyz);
        SymbolAxis x = new SymbolAxis(columnAxis, columns.toArray(String[]::new));
        SymbolAxis y = new SymbolAxis(rowAxis, rows.toArray(String[]::new));
        y.setInverted(true);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new WhiteToHeat());
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = styled(new JFreeChart(title, plot));
        chart.removeLegend();
        for (SymbolAxis a : List.of(x, y)) {
            a.setGridBandsVisible(false);
            a.setRange(-0.5, (a == x ? columns.size() : rows.size()) - 0.5);
        }
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        Font cellFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                XYTextAnnotation a = new XYTextAnnotation(text[r][c], c, r);
                a.setFont(cellFont);
                a.setPaint(clamp(intensity[r][c]) > LIGHT_TEXT_ABOVE ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(a);
            }
        }
        return chart;
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    /** The heat map's colours: white at 0 to {@link #HEAT} at 1. */
    static Color heat(double intensity) {
        double t = clamp(intensity);
        return new Color((int) Math.round(255 + (HEAT.getRed() - 255) * t),
                (int) Math.round(255 + (HEAT.getGreen() - 255) * t), (int) Math.round(255 + (HEAT.getBlue() - 255) * t));
    }

    private static final class WhiteToHeat implements PaintScale, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            return heat(value);
        }
    }

    /** Images left to right, tops aligned, on white. */
    public static BufferedImage beside(List<BufferedImage> images) {
        int w = images.stream().mapToInt(BufferedImage::getWidth).sum();
        int h = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(Math.max(1, w), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), h);
        int x = 0;
        for (BufferedImage img : images) {
            g.drawImage(img, x, 0, null);
            x += img.getWidth();
        }
        g.dispose();
        return out;
    }

    /** Writes the image as PNG through a sibling {@code .partial} file and an atomic move (folders made as needed). */
    public static void writePng(BufferedImage img, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        if (!ImageIO.write(img, "png", tmp.toFile())) {
            throw new IOException(file + ": no PNG writer in this JRE");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
