package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Pipeline;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Swapping the classifier while frames flow: re-targeting it in Configuration Admin, stopping and starting its
 * bundle, updating its bundle. Every frame must reach the sink exactly once, and the swaps must take effect.
 */
class HotSwapTest {
    // enough passes that the swap loop below (150 ms apart) makes several swaps even on an idle machine
    private static final int PASSES = 24;

    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void noFrameIsLostOrRepeatedAcrossRepeatedSwaps() throws Exception {
        RecordingSink sink = RecordingSink.register("swap");
        Bundle classifierBundle = List.of(Containers.context().getBundles()).stream()
                .filter(b -> "emotion.classifier.onnx".equals(b.getSymbolicName())).findFirst().orElseThrow();
        try (Containers c = new Containers(configAdmin)) {
            c.csvSource("swap", Containers.TEST_CSV);
            c.classifier("lstm-paper");
            c.classifier("dense");
            Configuration pipeline = c.pipeline("swap", Map.of("source.target", "(emotion.source.type=csv)",
                    "classifier.target", "(emotion.model=lstm-paper)", "sinks.target", "(test=swap)",
                    "loops", PASSES));
            Containers.awaitPipeline("swap", 30_000, "running", "finished");

            int swaps = 0;
            int bundleCycles = 0;
            String target = "lstm-paper";
            while (!finished("swap")) {
                switch (swaps % 4) {
                    case 0, 2 -> {
                        target = target.equals("lstm-paper") ? "dense" : "lstm-paper";
                        Hashtable<String, Object> p = new Hashtable<>();
                        pipeline.getProperties().keys().asIterator().forEachRemaining(
                                k -> p.put(k, pipeline.getProperties().get(k)));
                        p.put("classifier.target", "(emotion.model=" + target + ")");
                        pipeline.update(p);
                    }
                    case 1 -> {
                        classifierBundle.stop();
                        Thread.sleep(30);
                        classifierBundle.start();
                        bundleCycles++;
                    }
                    default -> {
                        classifierBundle.update();
                        bundleCycles++;
                    }
                }
                swaps++;
                Thread.sleep(150);
            }
            Map<String, Object> done = Containers.awaitPipeline("swap", 10_000, "finished", "failed");
            assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY))).isEqualTo("finished");
            assertThat(swaps).as("swaps made while the pipeline ran").isGreaterThanOrEqualTo(4);
            assertThat(bundleCycles).isGreaterThanOrEqualTo(1);

            List<FrameResult> results = sink.results();
            assertThat(results).hasSize(PASSES * Containers.TEST_ROWS);
            // Each pass replays the file from the start: frame indices 0..rows-1, once each, in order.
            for (int pass = 0; pass < PASSES; pass++) {
                for (int i = 0; i < Containers.TEST_ROWS; i++) {
                    FrameResult r = results.get(pass * Containers.TEST_ROWS + i);
                    assertThat(r.frame().index()).isEqualTo(i);
                    assertThat(r.faces()).hasSize(1);
                    assertThat(r.faces().get(0).prediction()).as("frame %d of pass %d has a prediction", i, pass)
                            .isNotNull();
                }
            }
            Map<String, Integer> byModel = new TreeMap<>();
            Set<String> models = new HashSet<>();
            for (FrameResult r : results) {
                String m = r.faces().get(0).prediction().modelId();
                models.add(m);
                byModel.merge(m, 1, Integer::sum);
            }
            assertThat(models).as("both classifiers answered: %s", byModel).containsExactlyInAnyOrder("lstm-paper",
                    "dense");
        } finally {
            sink.close();
            if (classifierBundle.getState() != Bundle.ACTIVE) {
                classifierBundle.start();
            }
        }
    }

    private static boolean finished(String id) throws org.osgi.framework.InvalidSyntaxException {
        return Containers.context().getServiceReferences(Pipeline.class, "(" + Pipeline.ID + "=" + id + ")")
                .stream().anyMatch(r -> !"running".equals(r.getProperty(Pipeline.STATE)));
    }
}
