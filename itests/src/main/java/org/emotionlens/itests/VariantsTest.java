package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Pipeline;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;

/**
 * Variants side by side in one container, fed by one decoding of the input (the fan-out source, as
 * {@code emotionlens compare} wires it): each variant sees exactly the same frames, and swapping one variant's
 * classifier mid-run changes only that variant's rows after the swap.
 */
class VariantsTest {
    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void variantsShareOneDecodingAndASwapChangesOnlyItsVariant() throws Exception {
        RecordingSink a = RecordingSink.register("variant-a");
        RecordingSink b = RecordingSink.register("variant-b");
        try (Containers c = new Containers(configAdmin)) {
            c.configure("emotion.source.csv", "variants-input", Map.of("path", Containers.TEST_CSV.toString(),
                    "emotion.source.role", "variants-input"));
            c.configure("emotion.source.fanout", "variants", Map.of("emotion.source.name", "variants",
                    "consumers", 2, "queue", 4, "upstream.target", "(emotion.source.role=variants-input)"));
            c.classifier("lstm-paper");
            c.classifier("dense");
            c.classifier("ours");
            c.pipeline("variant-a", Map.of("source.target", "(emotion.source.name=variants)",
                    "classifier.target", "(emotion.model=lstm-paper)", "sinks.target", "(test=variant-a)"));
            Configuration pb = c.pipeline("variant-b", Map.of("source.target", "(emotion.source.name=variants)",
                    "classifier.target", "(emotion.model=dense)", "sinks.target", "(test=variant-b)"));

            // Swap variant b's classifier once it is well into the input.
            Containers.await("300 results of variant-b", 60_000, () -> b.results().size() >= 300);
            Hashtable<String, Object> p = new Hashtable<>();
            pb.getProperties().keys().asIterator().forEachRemaining(k -> p.put(k, pb.getProperties().get(k)));
            p.put("classifier.target", "(emotion.model=ours)");
            pb.update(p);

            for (String id : List.of("variant-a", "variant-b")) {
                Map<String, Object> done = Containers.awaitPipeline(id, 60_000, "finished", "failed");
                assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY)))
                        .isEqualTo("finished");
            }
            List<FrameResult> ra2 = a.results();
            List<FrameResult> rb2 = b.results();
            assertThat(ra2).hasSize(Containers.TEST_ROWS);
            assertThat(rb2).hasSize(Containers.TEST_ROWS);
            for (int i = 0; i < ra2.size(); i++) {
                // The very same frame object: the input was decoded once for both variants.
                assertThat(rb2.get(i).frame()).isSameAs(ra2.get(i).frame());
                assertThat(ra2.get(i).faces().get(0).prediction().modelId()).isEqualTo("lstm-paper");
            }
            int firstOurs = -1;
            for (int i = 0; i < rb2.size(); i++) {
                String model = rb2.get(i).faces().get(0).prediction().modelId();
                if (firstOurs < 0 && model.equals("ours")) {
                    firstOurs = i;
                }
                assertThat(model).as("frame %d of variant b", i).isEqualTo(firstOurs < 0 ? "dense" : "ours");
            }
            assertThat(firstOurs).as("the swap happened mid-run").isBetween(300, Containers.TEST_ROWS - 1);
        } finally {
            a.close();
            b.close();
        }
    }
}
