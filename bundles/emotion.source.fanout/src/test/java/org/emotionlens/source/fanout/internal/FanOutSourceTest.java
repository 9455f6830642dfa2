package org.emotionlens.source.fanout.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Face;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Decode once, fan out: real frames (the paper's test blendshapes) to several consumers. */
class FanOutSourceTest {
    static final Path TEST = Path.of(System.getProperty("emotionlens.shared", "../../../shared"))
            .resolve("data/fer2013-blendshapes/blends_test_full_set.csv");

    /** The paper's test rows as frames; {@code failAt} >= 0 throws {@code failure} at that row. */
    static final class RowsSource implements FrameSource {
        final List<Frame> frames = new ArrayList<>();
        final AtomicInteger opened = new AtomicInteger();
        final int failAt;
        final Throwable failure;

        RowsSource(int rows, int failAt, Throwable failure) throws Exception {
            List<String> lines = Files.readAllLines(TEST).subList(0, rows);
            for (int i = 0; i < lines.size(); i++) {
                String[] c = lines.get(i).split(",");
                float[] scores = new float[Blendshapes.COUNT];
                for (int k = 0; k < scores.length; k++) {
                    scores[k] = Float.parseFloat(c[k]);
                }
                frames.add(new Frame("test", i, i * 33_333L, null, List.of(new Face(0, null, 1f, null, scores,
                        Map.of(Face.TRUTH, c[Blendshapes.COUNT])))));
            }
            this.failAt = failAt;
            this.failure = failure;
        }

        @Override
        public String describe() {
            return "test rows";
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        public FrameStream open() {
            opened.incrementAndGet();
            return new FrameStream() {
                int next;

                @Override
                public Frame next() {
                    if (next == failAt) {
                        if (failure instanceof Error e) {
                            throw e;
                        }
                        throw (RuntimeException) failure;
                    }
                    return next < frames.size() ? frames.get(next++) : null;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    static FanOutConfig config(String name, int consumers, int openWaitSeconds) {
        return (FanOutConfig) java.lang.reflect.Proxy.newProxyInstance(FanOutConfig.class.getClassLoader(),
                new Class<?>[] {FanOutConfig.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "emotion_source_name" -> name;
                    case "consumers" -> consumers;
                    case "open_wait_seconds" -> openWaitSeconds;
                    case "annotationType" -> FanOutConfig.class;
                    default -> m.getDefaultValue();
                });
    }

    static List<Frame> drain(FrameStream s) throws SourceException {
        List<Frame> out = new ArrayList<>();
        try (s) {
            for (Frame f; (f = s.next()) != null;) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void everyConsumerSeesEveryFrameInOrderFromOneDecoding() throws Exception {
        RowsSource upstream = new RowsSource(500, -1, null);
        FanOutSource fanout = new FanOutSource(config("t", 3, 60), upstream);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<Frame>>> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                FrameStream s = fanout.open();
                // one slow consumer: a full queue holds the decoder back instead of dropping its frames
                int delay = i == 2 ? 1 : 0;
                seen.add(pool.submit((Callable<List<Frame>>) () -> {
                    List<Frame> out = new ArrayList<>();
                    try (s) {
                        for (Frame f; (f = s.next()) != null;) {
                            out.add(f);
                            if (delay > 0 && out.size() % 50 == 0) {
                                Thread.sleep(delay);
                            }
                        }
                    }
                    return out;
                }));
            }
            for (Future<List<Frame>> f : seen) {
                assertThat(f.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(upstream.frames);
            }
            assertThat(upstream.opened).hasValue(1);
            assertThatThrownBy(fanout::open).isInstanceOf(SourceException.class).hasMessageContaining("already started");
        } finally {
            pool.shutdownNow();
            fanout.deactivate();
        }
    }

    @Test
    void anUpstreamFailureReachesEveryConsumerEvenAnError() throws Exception {
        for (Throwable failure : List.of(new IllegalStateException("decoder broke"), new OutOfMemoryError("heap"))) {
            RowsSource upstream = new RowsSource(100, 40, failure);
            FanOutSource fanout = new FanOutSource(config("t", 2, 60), upstream);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Object[]>> seen = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    FrameStream s = fanout.open();
                    seen.add(pool.submit(() -> {
                        int got = 0;
                        try (s) {
                            while (s.next() != null) {
                                got++;
                            }
                            return new Object[] {got, null};
                        } catch (SourceException e) {
                            return new Object[] {got, e};
                        }
                    }));
                }
                for (Future<Object[]> f : seen) {
                    Object[] r = f.get(60, TimeUnit.SECONDS);
                    assertThat(r[0]).as("frames before the failure").isEqualTo(40);
                    assertThat((Throwable) r[1]).isInstanceOf(SourceException.class)
                            .hasMessageContaining("upstream failed").hasMessageContaining(failure.getMessage());
                }
            } finally {
                pool.shutdownNow();
            }
            fanout.deactivate();
        }
    }

    @Test
    void aConsumerThatNeverComesDoesNotStopTheOthers() throws Exception {
        RowsSource upstream = new RowsSource(50, -1, null);
        FanOutSource fanout = new FanOutSource(config("t", 2, 1), upstream);
        long t0 = System.nanoTime();
        assertThat(drain(fanout.open())).containsExactlyElementsOf(upstream.frames);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(900);
        fanout.deactivate();
    }

    @Test
    void atLeastOneConsumer() throws Exception {
        assertThatThrownBy(() -> new FanOutSource(config("t", 0, 60), new RowsSource(1, -1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consumers must be at least 1");
    }
}
