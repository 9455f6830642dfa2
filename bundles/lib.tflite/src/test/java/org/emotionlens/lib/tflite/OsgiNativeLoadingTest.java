package org.emotionlens.lib.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * The packaged bundle in a real Felix framework: it resolves on its own and JavaCPP's Loader extracts and loads the
 * TFLite natives through the bundle's class loader (the classic failure of wrapped native jars).
 */
class OsgiNativeLoadingTest {
    @TempDir
    Path storage;

    @Test
    void bundleResolvesAndRunsAModelInsideFelix() throws Exception {
        // bnd-process has already written the bundle's manifest and embedded content to target/classes: install
        // that directory as the bundle (Felix reference: URL), since tests run before the jar is packaged.
        File bundleDir = Path.of("target/classes").toAbsolutePath().toFile();
        assertThat(new File(bundleDir, "META-INF/MANIFEST.MF")).exists();
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Felix felix = new Felix(config);
        felix.start();
        try {
            Bundle b = felix.getBundleContext().installBundle("reference:" + bundleDir.toURI());
            b.start();
            assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
            Class<?> model = b.loadClass("org.emotionlens.lib.tflite.TfliteModel");
            assertThat(model.getClassLoader()).isNotSameAs(TfliteModel.class.getClassLoader());
            byte[] bytes = TfliteModelTest.entry("face_detector.tflite");
            Method load = model.getMethod("load", String.class, byte[].class, int.class);
            try (AutoCloseable m = (AutoCloseable) load.invoke(null, "face_detector.tflite", bytes, 1)) {
                model.getMethod("setInput", int.class, float[].class).invoke(m, 0, new float[128 * 128 * 3]);
                model.getMethod("invoke").invoke(m);
                float[] logits = (float[]) model.getMethod("output", int.class).invoke(m, 1);
                assertThat(logits).hasSize(896);
            }
        } finally {
            felix.stop();
            felix.waitForStop(10_000);
        }
        assertThat(Files.exists(storage)).isTrue();
    }
}
