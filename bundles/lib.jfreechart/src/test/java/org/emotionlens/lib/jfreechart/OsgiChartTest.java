package org.emotionlens.lib.jfreechart;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/** The packaged bundle in a real Felix framework: it resolves on the JRE alone and draws a chart with its classes. */
class OsgiChartTest {
    @TempDir
    Path storage;

    @Test
    void bundleResolvesAndDrawsABarChartInsideFelix() throws Exception {
        File bundleDir = Path.of("target/classes").toAbsolutePath().toFile();
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Felix felix = new Felix(config);
        felix.start();
        try {
            Bundle b = felix.getBundleContext().installBundle("reference:" + bundleDir.toURI());
            assertThat(b.getHeaders().get(Constants.IMPORT_PACKAGE)).doesNotContain("javax.servlet");
            assertThat(b.getHeaders().get(Constants.EXPORT_PACKAGE)).contains("org.jfree.chart.plot;version=\"1.5.6\"")
                    .contains("org.emotionlens.lib.jfreechart;version=\"1.0.0\"");
            b.start();
            assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
            Class<?> datasetType = b.loadClass("org.jfree.data.category.DefaultCategoryDataset");
            assertThat(datasetType.getClassLoader()).isNotSameAs(getClass().getClassLoader());
            Object dataset = datasetType.getConstructor().newInstance();
            datasetType.getMethod("addValue", double.class, Comparable.class, Comparable.class).invoke(dataset, 0.5, "s", "c");
            Class<?> factory = b.loadClass("org.jfree.chart.ChartFactory");
            Object chart = factory.getMethod("createBarChart", String.class, String.class, String.class,
                    b.loadClass("org.jfree.data.category.CategoryDataset")).invoke(null, "t", "x", "y", dataset);
            Class<?> charts = b.loadClass("org.emotionlens.lib.jfreechart.Charts");
            Class<?> chartType = b.loadClass("org.jfree.chart.JFreeChart");
            charts.getMethod("styled", chartType).invoke(null, chart);
            BufferedImage img = (BufferedImage) charts.getMethod("render", chartType, int.class, int.class)
                    .invoke(null, chart, 300, 200);
            int bar = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    bar += img.getRGB(x, y) == Charts.PALETTE.get(0).getRGB() ? 1 : 0;
                }
            }
            assertThat(bar).isGreaterThan(500);
        } finally {
            felix.stop();
            felix.waitForStop(10_000);
        }
    }
}
