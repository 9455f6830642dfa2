package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.Pipeline;
import org.emotionlens.api.PredictionSink;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The first real flow: the paper's test blendshapes, replayed through an ONNX classifier into a CSV file. */
class CsvFlowTest {
    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    ServiceComponentRuntime scr;

    @Test
    void everyRowGivesOnePredictionAndAllComponentsAreActive() throws Exception {
        Path out = Files.createTempFile("emotionlens-itest-", ".csv");
        try (Containers c = new Containers(configAdmin)) {
            c.csvSource("flow", Containers.TEST_CSV);
            c.classifier("lstm-paper");
            c.configure("emotion.sink.file", "flow", Map.of("path", out.toString()));
            c.pipeline("flow", Map.of("source.target", "(emotion.source.type=csv)",
                    "classifier.target", "(emotion.model=lstm-paper)",
                    "sinks.target", "(emotion.sink.type=file)"));

            Map<String, Object> done = Containers.awaitPipeline("flow", 60_000, "finished", "failed");
            assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY))).isEqualTo("finished");

            long rows = Containers.dataLines(Containers.TEST_CSV);
            assertThat(rows).isEqualTo(Containers.TEST_ROWS);
            assertThat(done.get("emotion.pipeline.predictions")).isEqualTo(rows);
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).hasSize((int) rows + 1);
            assertThat(lines.get(0)).startsWith("pipeline,source,frame,timestamp_us,face")
                    .contains("p_happy", "p_unknown", "p_sad");
            assertThat(lines.get(1)).startsWith("flow,blends_test_full_set.csv,0,0,0,").contains(",lstm-paper,");

            for (String name : List.of("org.emotionlens.pipeline.internal.PipelineComponent",
                    "org.emotionlens.classifier.onnx.internal.OnnxEmotionClassifier",
                    "org.emotionlens.source.csv.internal.CsvFrameSource",
                    "org.emotionlens.sink.csv.internal.FilePredictionSink")) {
                ComponentDescriptionDTO d = scr.getComponentDescriptionDTOs().stream()
                        .filter(x -> x.name.equals(name)).findFirst().orElseThrow();
                assertThat(scr.getComponentConfigurationDTOs(d)).as(name)
                        .extracting(cc -> cc.state).contains(ComponentConfigurationDTO.ACTIVE);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void aSinkLetGoByThePipelineIsFlushed() throws Exception {
        RecordingSink sink = RecordingSink.register("flush");
        try (Containers c = new Containers(configAdmin)) {
            c.csvSource("flush", Containers.TEST_CSV);
            c.classifier("lstm-paper");
            c.pipeline("flush", Map.of("source.target", "(emotion.source.type=csv)", "sinks.target", "(test=flush)",
                    "max.frames", 100L));
            Containers.awaitPipeline("flush", 30_000, "finished");
            int atEnd = sink.flushes();
            assertThat(atEnd).as("flushed at end of input").isGreaterThanOrEqualTo(1);
            assertThat(sink.results()).hasSize(100);
            sink.close();
            assertThat(sink.flushes()).as("flushed again when unbound").isGreaterThan(atEnd);
        } finally {
            sink.close();
        }
    }
}
