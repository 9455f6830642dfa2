package org.emotionlens.sink.events.internal;

import org.emotionlens.sink.stream.testing.TestServer;
import org.emotionlens.sink.web.testing.RealFrames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** The events sink on real frames (MediaPipe faces and blendshapes, ONNX predictions). */
class EventsPredictionSinkTest {
    private static List<FrameResult> frames;

    @BeforeAll
    static void loadFrames() throws Exception {
        frames = RealFrames.load("test");
    }

    /** Collects what the sink posts (EventAdmin's contract seen from the poster's side). */
    static final class RecordingEventAdmin implements EventAdmin {
        final List<Event> posted = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }

        List<Event> topic(String topic) {
            return posted.stream().filter(e -> e.getTopic().equals(topic)).toList();
        }
    }

    /** What label_changed must say, worked out here from the predictions: track -> label walk. */
    private static List<String> expectedChanges(List<FrameResult> results) {
        Map<Integer, String> last = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (FrameResult r : results) {
            for (FaceResult f : r.faces()) {
                String label = f.prediction().label();
                String previous = last.put(f.face().trackId(), label);
                if (!label.equals(previous)) {
                    out.add(r.frame().index() + "/" + f.face().trackId() + ":" + previous + "->" + label);
                }
            }
        }
        return out;
    }

    @Test
    void everyPredictionIsOneEventAndLabelChangesFollowTheTracks() {
        EventsPredictionSink sink = new EventsPredictionSink(true, 64, 2, null, null);
        RecordingEventAdmin admin = new RecordingEventAdmin();
        sink.setEventAdmin(admin);
        frames.forEach(sink::accept);
        sink.close();

        List<Event> predictions = admin.topic(EventsPredictionSink.TOPIC_PREDICTION);
        int expectedCount = frames.stream().mapToInt(r -> r.faces().size()).sum();
        assertThat(predictions).hasSize(expectedCount);
        assertThat(sink.predictions()).isEqualTo(expectedCount);
        Iterator<Event> it = predictions.iterator();
        for (FrameResult r : frames) {
            for (FaceResult f : r.faces()) {
                Event e = it.next();
                Prediction p = f.prediction();
                assertThat(e.getProperty("pipeline")).isEqualTo("test");
                assertThat(e.getProperty("source")).isEqualTo(RealFrames.SOURCE);
                assertThat(e.getProperty("frame")).isEqualTo(r.frame().index());
                assertThat(e.getProperty("timestamp_us")).isEqualTo(r.frame().timestampMicros());
                assertThat(e.getProperty("track")).isEqualTo(f.face().trackId());
                assertThat(e.getProperty("label")).isEqualTo(p.label());
                assertThat(e.getProperty("model")).isEqualTo("lstm-paper");
                @SuppressWarnings("unchecked")
                Map<String, Float> probabilities = (Map<String, Float>) e.getProperty("probabilities");
                assertThat(probabilities.keySet()).containsExactlyElementsOf(p.labels());
                p.labels().forEach(l -> assertThat(probabilities.get(l)).isEqualTo(p.probability(l)));
                assertThat((float[]) e.getProperty("box")).containsExactly(f.face().box().x(), f.face().box().y(),
                        f.face().box().width(), f.face().box().height());
            }
        }

        List<String> changes = admin.topic(EventsPredictionSink.TOPIC_LABEL_CHANGED).stream()
                .map(e -> e.getProperty("frame") + "/" + e.getProperty("track") + ":" + e.getProperty("previous")
                        + "->" + e.getProperty("label")).toList();
        assertThat(changes).containsExactlyElementsOf(expectedChanges(frames));
        assertThat(changes).as("each track's first label counts as a change").hasSizeGreaterThanOrEqualTo(2);
        assertThat(sink.labelChanges()).isEqualTo(changes.size());
    }

    @Test
    void withoutEventAdminOrWhenTurnedOffNothingIsPosted() {
        EventsPredictionSink off = new EventsPredictionSink(false, 64, 2, null, null);
        RecordingEventAdmin admin = new RecordingEventAdmin();
        off.setEventAdmin(admin);
        frames.forEach(off::accept);
        assertThat(admin.posted).isEmpty();
        assertThat(off.predictions()).as("still counted").isPositive();

        EventsPredictionSink unbound = new EventsPredictionSink(true, 64, 2, null, null);
        frames.forEach(unbound::accept); // no EventAdmin bound: must not fail
        assertThat(unbound.predictions()).isEqualTo(off.predictions());
    }

    @Test
    @Timeout(60)
    void networkClientsGetTheSameFactsAsJsonLinesOverSseAndNdjson() throws Exception {
        EventsPredictionSink sink = new EventsPredictionSink(true, 8192, 4, new TestServer(), "/predictions");
        RecordingEventAdmin admin = new RecordingEventAdmin();
        sink.setEventAdmin(admin);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> ndjson = http.send(HttpRequest.newBuilder(URI.create(sink.url() + "stream"))
                .build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> sse = http.send(HttpRequest.newBuilder(URI.create(sink.url() + "events"))
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(ndjson.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/x-ndjson"));
        assertThat(sse.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        awaitClients(sink, 2);
        frames.forEach(sink::accept);
        sink.flush();
        sink.close(); // ends both streams with an "end" line

        List<JsonObject> lines = ndjson.body().map(EventsPredictionSinkTest::parse).toList();
        List<JsonObject> events = sse.body().filter(l -> l.startsWith("data: "))
                .map(l -> parse(l.substring(6))).toList();
        assertThat(events).as("SSE carries the same JSON objects").isEqualTo(lines);

        assertThat(lines.get(0).getString("type")).isEqualTo("hello");
        assertThat(lines.get(0).getInt("schema")).isEqualTo(EventsPredictionSink.SCHEMA);
        assertThat(lines.get(lines.size() - 2).getString("type")).isEqualTo("flush");
        assertThat(lines.get(lines.size() - 1).getString("type")).isEqualTo("end");

        List<JsonObject> predictions = lines.stream().filter(l -> l.getString("type").equals("prediction")).toList();
        List<Event> posted = admin.topic(EventsPredictionSink.TOPIC_PREDICTION);
        assertThat(predictions).hasSize(posted.size());
        for (int i = 0; i < predictions.size(); i++) {
            JsonObject line = predictions.get(i);
            Event e = posted.get(i);
            assertThat(line.getJsonNumber("seq").longValue()).isEqualTo(e.getProperty("seq"));
            assertThat(line.getJsonNumber("frame").longValue()).isEqualTo(e.getProperty("frame"));
            assertThat(line.getInt("track")).isEqualTo(e.getProperty("track"));
            assertThat(line.getString("label")).isEqualTo(e.getProperty("label"));
            @SuppressWarnings("unchecked")
            Map<String, Float> probabilities = (Map<String, Float>) e.getProperty("probabilities");
            probabilities.forEach((label, p) -> assertThat(line.getJsonObject("probabilities").getJsonNumber(label)
                    .doubleValue()).isCloseTo(p, within(1e-6)));
            float[] box = (float[]) e.getProperty("box");
            assertThat(line.getJsonArray("box").getJsonNumber(2).doubleValue()).isCloseTo(box[2], within(1e-6));
        }
        List<String> changes = lines.stream().filter(l -> l.getString("type").equals("label_changed"))
                .map(l -> l.getJsonNumber("frame") + "/" + l.getInt("track") + ":"
                        + (l.isNull("previous") ? "null" : l.getString("previous")) + "->" + l.getString("label"))
                .toList();
        assertThat(changes).containsExactlyElementsOf(expectedChanges(frames));
    }

    @Test
    @Timeout(60)
    void aClientThatFallsBehindLosesTheOldestLinesAndIsToldHowMany() throws Exception {
        EventsPredictionSink sink = new EventsPredictionSink(false, 16, 2, new TestServer(), "/predictions");
        int port = URI.create(sink.url()).getPort();
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress("127.0.0.1", port));
            // HTTP/1.0: the body is the raw lines until the server closes the connection
            slow.getOutputStream().write("GET /predictions/stream HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            awaitClients(sink, 1);
            int rounds = 300; // 300 x 20 frames x 2 faces: far more than the socket buffers and 16 queued lines hold
            for (int i = 0; i < rounds; i++) {
                frames.forEach(sink::accept);
            }
            sink.flush();
            long emitted = 1 + sink.predictions() + sink.labelChanges() + 1 + 1; // hello ... flush, end
            Thread closer = new Thread(sink::close);
            closer.start();

            BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8));
            for (String header; !(header = in.readLine()).isEmpty();) {
                // skip the response head
            }
            long received = 0;
            long lost = 0;
            String last = null;
            for (String line; (line = in.readLine()) != null;) {
                JsonObject o = parse(line);
                switch (o.getString("type")) {
                    case "overflow" -> lost += o.getJsonNumber("lost").longValue();
                    case "keepalive" -> { }
                    default -> received++;
                }
                last = o.getString("type");
            }
            closer.join();
            assertThat(lost).as("a client 16 lines behind loses lines").isPositive();
            assertThat(received + lost).as("every line was either delivered or reported lost").isEqualTo(emitted);
            assertThat(last).isEqualTo("end");
        } finally {
            sink.close();
        }
    }

    @Test
    void theEndpointDescribesItselfUnderItsPathAndABadPathIsRefusedWithWhatToDo() throws Exception {
        EventsPredictionSink sink = new EventsPredictionSink(true, 16, 2, new TestServer(), "/robots/events");
        try {
            assertThat(sink.url()).endsWith("/robots/events/");
            HttpResponse<String> index = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sink.url()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("GET stream", "predictions so far: 0", "clients: 0");
            HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(sink.url() + "nothing")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
        } finally {
            sink.close();
        }
        try (TestServer server = new TestServer()) {
            for (String bad : new String[] {"", "predictions", "/predictions/", "/a b"}) {
                assertThatThrownBy(() -> new EventsPredictionSink(true, 16, 2, server, bad))
                        .hasMessageContaining("emotion.sink.events http.path must be a path such as /predictions");
            }
        }
    }

    private static void awaitClients(EventsPredictionSink sink, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (sink.streams().size() < n) {
            assertThat(System.currentTimeMillis()).as("clients connected").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
