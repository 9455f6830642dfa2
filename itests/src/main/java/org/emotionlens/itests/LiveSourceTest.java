package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.Face;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.Pipeline;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A live source faster than the pipeline: frames the pipeline cannot take in time are dropped and counted, never
 * queued (latency stays flat) and never processed twice.
 */
class LiveSourceTest {
    private static final int PRODUCED = 20_000;

    @InjectService
    ConfigurationAdmin configAdmin;

    /** A live source replaying the paper's test rows as fast as it can, like a camera that never waits. */
    static final class FastLiveSource implements FrameSource {
        private final List<float[]> rows = new ArrayList<>();

        FastLiveSource() throws Exception {
            for (String line : Files.readAllLines(Containers.TEST_CSV)) {
                String[] c = line.split(",");
                float[] scores = new float[52];
                for (int i = 0; i < 52; i++) {
                    scores[i] = Float.parseFloat(c[i]);
                }
                rows.add(scores);
            }
        }

        @Override
        public String describe() {
            return "fast live replay";
        }

        @Override
        public boolean isLive() {
            return true;
        }

        @Override
        public FrameStream open() {
            return new FrameStream() {
                private int next;

                @Override
                public Frame next() {
                    if (next >= PRODUCED) {
                        return null;
                    }
                    int i = next++;
                    Face face = new Face(0, null, 1f, null, rows.get(i % rows.size()), null);
                    return new Frame("live", i, i * 1000L, null, List.of(face));
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void aSlowPipelineDropsLiveFramesAndCountsThem() throws Exception {
        RecordingSink sink = RecordingSink.register("live");
        ServiceRegistration<FrameSource> src = Containers.context().registerService(FrameSource.class,
                new FastLiveSource(), Containers.props(FrameSource.TYPE, "test-live"));
        try (Containers c = new Containers(configAdmin)) {
            c.classifier("lstm-paper");
            // an id of its own: LiveSinksTest's pipeline "live" may still be going away when this one starts
            c.pipeline("live-source", Map.of("source.target", "(emotion.source.type=test-live)",
                    "classifier.target", "(emotion.model=lstm-paper)", "sinks.target", "(test=live)"));
            Map<String, Object> done = Containers.awaitPipeline("live-source", 60_000, "finished", "failed");
            assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY))).isEqualTo("finished");
            long frames = (Long) done.get("emotion.pipeline.frames");
            long dropped = (Long) done.get("emotion.pipeline.dropped");
            assertThat(frames + dropped).isEqualTo(PRODUCED);
            assertThat(dropped).as("the pipeline is slower than this source").isPositive();
            List<FrameResult> results = sink.results();
            assertThat(results).hasSize((int) frames);
            for (int i = 1; i < results.size(); i++) {
                assertThat(results.get(i).frame().index()).isGreaterThan(results.get(i - 1).frame().index());
            }
            assertThat(String.valueOf(done.get(Pipeline.SUMMARY))).contains(dropped + " live frames dropped");
        } finally {
            sink.close();
            src.unregister();
        }
    }
}
