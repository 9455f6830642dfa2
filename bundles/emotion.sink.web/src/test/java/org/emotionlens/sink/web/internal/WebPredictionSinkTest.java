package org.emotionlens.sink.web.internal;

import org.emotionlens.sink.stream.testing.TestServer;
import org.emotionlens.sink.web.testing.RealFrames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.emotionlens.api.Box;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Image;
import org.emotionlens.api.Prediction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The web sink on real frames (MediaPipe faces and blendshapes, ONNX predictions) with a real HTTP/SSE client. */
class WebPredictionSinkTest {
    private static List<FrameResult> frames;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void loadFrames() throws Exception {
        frames = RealFrames.load("test");
        assertThat(frames).hasSize(20);
        assertThat(frames).allSatisfy(f -> assertThat(f.faces()).isNotEmpty());
    }

    private static WebPredictionSink sink(double maxFps, double maxUpdates) throws Exception {
        return new WebPredictionSink(maxFps, maxUpdates, 0.8f, 4, new TestServer());
    }

    /** Per pipeline: accepted, updates, dropped, images, images skipped. */
    private static long[] figures(WebPredictionSink sink, String pipeline) {
        PipelineSlot s = sink.publisher().slots().stream().filter(p -> p.pipeline.equals(pipeline)).findFirst()
                .orElseThrow();
        return new long[] {s.accepted.get(), s.updates.get(), s.dropped.get(), s.images.get(), s.imagesSkipped.get()};
    }

    private HttpResponse<byte[]> get(WebPredictionSink sink, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sink.url()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void everyFrameEventCarriesItsFacesPredictionsAndAFetchableJpeg() throws Exception {
        WebPredictionSink sink = sink(1000, 1000);
        try (SseReader sse = new SseReader(URI.create(sink.url() + "events"))) {
            assertThat(sse.status).isEqualTo(200);
            assertThat(sse.contentType).startsWith("text/event-stream");
            assertThat(sse.next("hello", 5000).data().getString("url")).isEqualTo(sink.url());
            for (FrameResult r : frames) {
                sink.accept(r);
                JsonObject e = sse.next("frame", 5000).data();
                assertThat(e.getJsonNumber("frame").longValue()).isEqualTo(r.frame().index());
                assertThat(e.getString("pipeline")).isEqualTo("test");
                assertThat(e.getString("source")).isEqualTo(RealFrames.SOURCE);
                assertThat(e.getJsonNumber("timestamp_us").longValue()).isEqualTo(r.frame().timestampMicros());
                JsonArray faces = e.getJsonArray("faces");
                assertThat(faces).hasSize(r.faces().size());
                for (int i = 0; i < faces.size(); i++) {
                    JsonObject f = faces.getJsonObject(i);
                    FaceResult expected = r.faces().get(i);
                    Prediction p = expected.prediction();
                    assertThat(f.getInt("track")).isEqualTo(expected.face().trackId());
                    assertThat(f.getString("label")).isEqualTo(p.label());
                    assertThat(f.getString("model")).isEqualTo("lstm-paper");
                    for (String label : p.labels()) {
                        assertThat(f.getJsonObject("probabilities").getJsonNumber(label).doubleValue())
                                .isCloseTo(p.probability(label), within(1e-6));
                    }
                    Box b = expected.face().box();
                    JsonArray box = f.getJsonArray("box");
                    assertThat(box.getJsonNumber(0).doubleValue()).isCloseTo(b.x(), within(1e-6));
                    assertThat(box.getJsonNumber(3).doubleValue()).isCloseTo(b.height(), within(1e-6));
                    assertThat(f.isNull("score")).as("NaN score is written as null").isTrue();
                }
                assertThat(e.getJsonObject("stages_ms").keySet()).containsExactly("classifier");
                assertThat(e.getInt("width")).isEqualTo(640);
                // max.fps 1000: every frame of this slow feed gets its image
                long seq = e.getJsonNumber("image").longValue();
                HttpResponse<byte[]> jpeg = get(sink, "frame.jpg?seq=" + seq);
                assertThat(jpeg.statusCode()).isEqualTo(200);
                assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
                BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
                double own = meanAbsoluteError(r.frame().image(), decoded);
                double swapped = meanAbsoluteError(swapRedBlue(r.frame().image()), decoded);
                System.out.printf("frame %d: JPEG %d bytes, mean abs error %.2f (vs red/blue swapped %.2f)%n",
                        r.frame().index(), jpeg.body().length, own, swapped);
                // The page sees this frame, in the right colours (far closer than with red and blue swapped).
                assertThat(own).as("JPEG of frame %d looks like the frame", r.frame().index())
                        .isLessThan(3.0).isLessThan(swapped / 4);
            }
            assertThat(figures(sink, "test")).containsExactly(20, 20, 0, 20, 0);
            assertThat(get(sink, "frame.jpg?seq=1").statusCode()).as("old image no longer held").isEqualTo(404);
        } finally {
            sink.close();
        }
    }

    @Test
    void thePageIsServedFromTheBundleAndNeedsNoOtherHost() throws Exception {
        WebPredictionSink sink = sink(10, 25);
        try {
            for (String path : List.of("", "app.js", "style.css")) {
                HttpResponse<byte[]> r = get(sink, path);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                String body = new String(r.body(), StandardCharsets.UTF_8);
                assertThat(body).as(path + " refers to no other host").doesNotContain("://");
                assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(
                        csp -> assertThat(csp).contains("default-src 'self'"));
            }
            assertThat(new String(get(sink, "").body(), StandardCharsets.UTF_8))
                    .contains("<script src=\"app.js\">", "id=\"timeline\"", "id=\"frame\"");
            assertThat(get(sink, "nothing-here").statusCode()).isEqualTo(404);
            assertThat(get(sink, "frame.jpg?seq=x").statusCode()).isEqualTo(400);
        } finally {
            sink.close();
        }
    }

    @Test
    @Timeout(60)
    void aStuckPageNeverHoldsThePipelineAndDroppedFramesAreCounted() throws Exception {
        WebPredictionSink sink = sink(10, 25);
        // A page that asks for the stream and never reads it.
        try (Socket stuck = new Socket("127.0.0.1", URI.create(sink.url()).getPort())) {
            stuck.setReceiveBufferSize(1024);
            stuck.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            while (sink.streams().size() < 1) {
                Thread.sleep(5);
            }
            int n = 5000;
            for (int i = 0; i < n; i++) {
                sink.accept(frames.get(i % frames.size()));
            }
            sink.flush();
            long[] f = figures(sink, "test");
            assertThat(f[0]).as("accepted").isEqualTo(n);
            assertThat(f[1] + f[2]).as("every frame was shown or counted as dropped").isEqualTo(n);
            assertThat(f[2]).as("frames faster than max.updates are dropped").isGreaterThan(0);
            assertThat(f[3]).as("images are a subset of updates").isBetween(1L, f[1]);
        } finally {
            sink.close();
        }
    }

    @Test
    void flushShowsTheLastFrameAndCloseEndsTheStreamAndWithdrawsTheServlets() throws Exception {
        // One update per 100 s: the second frame would wait, but flush publishes it.
        WebPredictionSink sink = sink(0, 0.01);
        try (SseReader sse = new SseReader(URI.create(sink.url() + "events"))) {
            sse.next("hello", 5000);
            sink.accept(frames.get(0));
            assertThat(sse.next("frame", 5000).data().getJsonNumber("frame").longValue())
                    .isEqualTo(frames.get(0).frame().index());
            sink.accept(frames.get(1));
            long t0 = System.nanoTime();
            sink.flush();
            long flushMillis = (System.nanoTime() - t0) / 1_000_000;
            // strictly in order: the last frame, then the flush event that says it was published
            SseReader.Event second = sse.next(20_000);
            assertThat(second).as("the event after flush() (which took " + flushMillis + " ms)").isNotNull();
            assertThat(second.name()).as("flush() took " + flushMillis + " ms").isEqualTo("frame");
            JsonObject last = second.data();
            assertThat(last.getJsonNumber("frame").longValue()).isEqualTo(frames.get(1).frame().index());
            assertThat(last.isNull("image")).as("max.fps 0: no images").isTrue();
            // flush waits up to 2 s for the publisher: a generous wait on a loaded machine, not a speed target
            SseReader.Event flushEvent = sse.next(20_000);
            assertThat(flushEvent).as("an event after the last frame (flush() took " + flushMillis + " ms)").isNotNull();
            assertThat(flushEvent.name()).isEqualTo("flush");
            JsonObject flushed = flushEvent.data();
            assertThat(flushed.getJsonObject("pipelines").getJsonObject("test").getInt("updates")).isEqualTo(2);

            sink.close();
            JsonObject end = sse.next("end", 5000).data();
            assertThat(end.getInt("clients")).isEqualTo(1);
            assertThat(sse.next(5000)).isSameAs(SseReader.EOF);
        } finally {
            sink.close();
        }
        HttpClient client = HttpClient.newHttpClient();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(sink.url())).build(),
                HttpResponse.BodyHandlers.ofString())).as("nothing served after close").isInstanceOf(java.io.IOException.class);
    }

    @Test
    void badConfigurationIsRefusedWithWhatToDo() throws Exception {
        try (TestServer server = new TestServer()) {
            assertThatThrownBy(() -> new WebPredictionSink(10, 25, 1.5f, 4, server)).hasMessageContaining("jpeg.quality");
            assertThatThrownBy(() -> new WebPredictionSink(10, 0, 0.8f, 4, server))
                    .hasMessageContaining("emotion.sink.web max.updates must be > 0");
            assertThatThrownBy(() -> new WebPredictionSink(-1, 25, 0.8f, 4, server))
                    .hasMessageContaining("emotion.sink.web max.fps must be >= 0");
        }
    }

    private static Image swapRedBlue(Image image) {
        byte[] rgb = image.rgb().clone();
        for (int i = 0; i < rgb.length; i += 3) {
            byte r = rgb[i];
            rgb[i] = rgb[i + 2];
            rgb[i + 2] = r;
        }
        return new Image(image.width(), image.height(), rgb);
    }

    /**
     * Mean absolute difference of the 8x8 block means per channel (0..255). Block means, because JPEG keeps each
     * block's mean but not the GIF's fine dithering, which alone differs by about 15 per pixel at quality 0.8.
     */
    private static double meanAbsoluteError(Image original, BufferedImage decoded) {
        assertThat(decoded.getWidth()).isEqualTo(original.width());
        assertThat(decoded.getHeight()).isEqualTo(original.height());
        byte[] rgb = original.rgb();
        int w = original.width();
        double sum = 0;
        int blocks = 0;
        for (int by = 0; by + 8 <= original.height(); by += 8) {
            for (int bx = 0; bx + 8 <= w; bx += 8) {
                long[] a = new long[3];
                long[] b = new long[3];
                for (int y = by; y < by + 8; y++) {
                    for (int x = bx; x < bx + 8; x++) {
                        int p = decoded.getRGB(x, y);
                        int k = (y * w + x) * 3;
                        for (int c = 0; c < 3; c++) {
                            a[c] += rgb[k + c] & 255;
                            b[c] += (p >> (16 - 8 * c)) & 255;
                        }
                    }
                }
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(a[c] - b[c]) / 64.0;
                }
                blocks++;
            }
        }
        return sum / (blocks * 3);
    }
}
