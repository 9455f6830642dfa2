package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import org.emotionlens.api.Pipeline;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectService;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The web and events sinks in a real framework with Felix EventAdmin and Felix's HTTP Whiteboard (Jetty) on one
 * configured port, on a real pipeline: the paper's test blendshapes through the LSTM. One EventAdmin event per prediction, label changes that follow them, the same
 * predictions as JSON lines over HTTP from 127.0.0.1, and the web page's SSE stream accounting for every frame.
 */
class LiveSinksTest {
    private static final Pattern JSON_FIELD = Pattern.compile("\"(type|label|track|frame|accepted|updates|dropped|lost)\":"
            + "(\"[^\"]*\"|-?\\d+)");

    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void eventAdminEventsAndNetworkStreamsCarryEveryPrediction() throws Exception {
        List<Event> predictions = new CopyOnWriteArrayList<>();
        List<Event> changes = new CopyOnWriteArrayList<>();
        ServiceRegistration<EventHandler> handler = Containers.context().registerService(EventHandler.class,
                e -> (e.getTopic().equals("emotionlens/prediction") ? predictions : changes).add(e),
                Containers.props(EventConstants.EVENT_TOPIC, new String[] {"emotionlens/prediction",
                        "emotionlens/label/changed"}));
        int port = freePort();
        org.osgi.service.cm.Configuration jetty = configAdmin.getConfiguration("org.apache.felix.http", "?");
        jetty.update(Containers.props("org.osgi.service.http.port", port, "org.apache.felix.http.host", "127.0.0.1"));
        int eventsPort = port;
        int webPort = port;
        try (Containers c = new Containers(configAdmin)) {
            c.configure("emotion.sink.events", "live", Map.of("http.enabled", true));
            c.configure("emotion.sink.web", "live", Map.of("max.updates", 1000.0));
            // The sinks are immediate components: their servlets are on the whiteboard before any pipeline binds them.
            awaitBody(eventsPort, "/predictions/", "clients: 0");
            awaitBody(webPort, "/state.json", "\"clients\":0");
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<List<String>> lines = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + eventsPort + "/predictions/stream")).build(),
                    HttpResponse.BodyHandlers.ofLines()).thenApply(r -> collectUntil(r.body(), "\"type\":\"flush\""));
            CompletableFuture<List<String>> page = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + webPort + "/events")).build(),
                    HttpResponse.BodyHandlers.ofLines()).thenApply(r -> collectUntil(r.body(), "event: flush"));
            awaitBody(eventsPort, "/predictions/", "clients: 1");
            awaitBody(webPort, "/state.json", "\"clients\":1");

            c.csvSource("live", Containers.TEST_CSV);
            c.classifier("lstm-paper");
            c.pipeline("live", Map.of("source.target", "(emotion.source.type=csv)",
                    "classifier.target", "(emotion.model=lstm-paper)",
                    "sinks.target", "(|(emotion.sink.type=events)(emotion.sink.type=web))"));
            Map<String, Object> done = Containers.awaitPipeline("live", 60_000, "finished", "failed");
            assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY))).isEqualTo("finished");
            long made = (Long) done.get("emotion.pipeline.predictions");
            assertThat(made).isEqualTo(Containers.TEST_ROWS);

            // EventAdmin delivers asynchronously: wait for the last one.
            Containers.await(made + " prediction events (have " + predictions.size() + ")", 30_000,
                    () -> predictions.size() >= made);
            assertThat(predictions).hasSize((int) made);
            assertThat(predictions).allSatisfy(e -> {
                assertThat(e.getProperty("pipeline")).isEqualTo("live");
                assertThat(e.getProperty("source")).isEqualTo("blends_test_full_set.csv");
                assertThat(new ArrayList<Object>(((Map<?, ?>) e.getProperty("probabilities")).keySet()))
                        .containsExactlyInAnyOrder("happy", "unknown", "sad");
            });
            List<String> expected = new ArrayList<>();
            Map<Object, Object> last = new HashMap<>();
            for (Event e : predictions) {
                Object previous = last.put(e.getProperty("track"), e.getProperty("label"));
                if (!e.getProperty("label").equals(previous)) {
                    expected.add(e.getProperty("frame") + ":" + previous + "->" + e.getProperty("label"));
                }
            }
            Thread.sleep(200);
            assertThat(changes.stream().map(e -> e.getProperty("frame") + ":" + e.getProperty("previous") + "->"
                    + e.getProperty("label")).toList()).containsExactlyElementsOf(expected);
            assertThat(expected.size()).as("the LSTM's labels change along the test set").isGreaterThan(10);

            // The robot controller's view: the same predictions, in order, as JSON lines.
            List<Map<String, String>> json = lines.get(30, TimeUnit.SECONDS).stream().map(LiveSinksTest::fields)
                    .filter(m -> "prediction".equals(m.get("type"))).toList();
            assertThat(json).hasSize((int) made);
            for (int i = 0; i < made; i++) {
                assertThat(json.get(i).get("label")).isEqualTo(predictions.get(i).getProperty("label"));
                assertThat(Long.parseLong(json.get(i).get("frame"))).isEqualTo(predictions.get(i).getProperty("frame"));
            }

            // The page's view: frames with predictions, and every frame either shown or counted as dropped.
            List<String> pageEvents = page.get(30, TimeUnit.SECONDS);
            List<Map<String, String>> frames = dataAfter(pageEvents, "event: frame");
            assertThat(frames).isNotEmpty();
            assertThat(frames.get(0).get("label")).isIn("happy", "unknown", "sad");
            Map<String, String> flushed = dataAfter(pageEvents, "event: flush").get(0);
            assertThat(Long.parseLong(flushed.get("accepted"))).isEqualTo(made);
            assertThat(Long.parseLong(flushed.get("updates")) + Long.parseLong(flushed.get("dropped"))).isEqualTo(made);
            assertThat(Long.parseLong(flushed.get("updates")))
                    .as("frame events received, plus any a slow reader lost").isEqualTo(frames.size()
                            + Long.parseLong(flushed.get("lost")));
        } finally {
            handler.unregister();
            jetty.delete();
        }
    }

    /** Lines until the one containing the marker; after an SSE "event:" line, until its data line. */
    private static List<String> collectUntil(Stream<String> lines, String marker) {
        List<String> out = new ArrayList<>();
        boolean stopAfterThis = false;
        for (String line : (Iterable<String>) lines::iterator) {
            out.add(line);
            if (stopAfterThis) {
                break;
            }
            if (line.contains(marker)) {
                if (!line.startsWith("event: ")) {
                    break;
                }
                stopAfterThis = true;
            }
        }
        lines.close();
        return out;
    }

    private static List<Map<String, String>> dataAfter(List<String> sse, String eventLine) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i + 1 < sse.size(); i++) {
            if (sse.get(i).equals(eventLine)) {
                out.add(fields(sse.get(i + 1)));
            }
        }
        return out;
    }

    /** The first occurrence of a few flat fields; enough for these checks without a JSON parser in the test bundle. */
    private static Map<String, String> fields(String json) {
        Map<String, String> m = new HashMap<>();
        Matcher matcher = JSON_FIELD.matcher(json);
        while (matcher.find()) {
            m.putIfAbsent(matcher.group(1), matcher.group(2).replace("\"", ""));
        }
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Polls a URL until its body contains the text (the server may still be starting). */
    private static void awaitBody(int port, String path, String text) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 10_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (last.contains(text)) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("http://127.0.0.1:" + port + path + " did not show '" + text + "' within 10 s: "
                + last);
    }
}
