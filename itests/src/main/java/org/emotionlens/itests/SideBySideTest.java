package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.Face;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Pipeline;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import java.util.List;
import java.util.Map;

/** Two classifier variants configured in one container, on the same input; the test compares their outputs. */
class SideBySideTest {
    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void twoVariantsSeeTheSameFramesAndTheirOutputsAreCompared() throws Exception {
        RecordingSink paper = RecordingSink.register("side-paper");
        RecordingSink dense = RecordingSink.register("side-dense");
        try (Containers c = new Containers(configAdmin)) {
            c.csvSource("side", Containers.TEST_CSV);
            c.classifier("lstm-paper");
            c.classifier("dense");
            c.pipeline("side-paper", Map.of("source.target", "(emotion.source.type=csv)",
                    "classifier.target", "(emotion.model=lstm-paper)", "sinks.target", "(test=side-paper)"));
            c.pipeline("side-dense", Map.of("source.target", "(emotion.source.type=csv)",
                    "classifier.target", "(emotion.model=dense)", "sinks.target", "(test=side-dense)"));
            for (String id : List.of("side-paper", "side-dense")) {
                Map<String, Object> done = Containers.awaitPipeline(id, 60_000, "finished", "failed");
                assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY)))
                        .isEqualTo("finished");
            }
            List<FrameResult> a = paper.results();
            List<FrameResult> b = dense.results();
            assertThat(a).hasSize(Containers.TEST_ROWS);
            assertThat(b).hasSize(Containers.TEST_ROWS);

            int agree = 0;
            int correctA = 0;
            int correctB = 0;
            int majority = 0;
            for (int i = 0; i < a.size(); i++) {
                Face fa = a.get(i).faces().get(0).face();
                Face fb = b.get(i).faces().get(0).face();
                // Same frame, same face data: both variants saw identical input.
                assertThat(a.get(i).frame().index()).isEqualTo(b.get(i).frame().index());
                assertThat(fa.blendshapes()).containsExactly(fb.blendshapes());
                String truth = fa.attributes().get(Face.TRUTH);
                String la = a.get(i).faces().get(0).prediction().label();
                String lb = b.get(i).faces().get(0).prediction().label();
                assertThat(a.get(i).faces().get(0).prediction().modelId()).isEqualTo("lstm-paper");
                assertThat(b.get(i).faces().get(0).prediction().modelId()).isEqualTo("dense");
                agree += la.equals(lb) ? 1 : 0;
                correctA += la.equals(truth) ? 1 : 0;
                correctB += lb.equals(truth) ? 1 : 0;
                majority += "unknown".equals(truth) ? 1 : 0;
            }
            double n = a.size();
            System.out.printf("side by side on %d rows: lstm-paper accuracy %.4f, dense accuracy %.4f,"
                    + " agreement %.4f, majority baseline %.4f%n", a.size(), correctA / n, correctB / n, agree / n,
                    majority / n);
            // Both are trained models: each must beat always answering the majority class on the same rows.
            assertThat(correctA / n).isGreaterThan(majority / n);
            assertThat(correctB / n).isGreaterThan(majority / n);
            // Different models: they agree mostly but not everywhere.
            assertThat(agree / n).isBetween(0.5, 0.9999);
        } finally {
            paper.close();
            dense.close();
        }
    }
}
