package org.emotionlens.sink.stream;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.emotionlens.sink.stream.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Streams served by a real Jetty as asynchronous responses, read back by real HTTP clients. */
class ClientStreamsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private static HttpServlet servlet(ClientStreams streams, Framing framing) {
        return new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                streams.open(req, resp, framing, null, "{\"type\":\"hello\"}");
            }
        };
    }

    private Stream<String> lines(String url) throws Exception {
        HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    @Timeout(30)
    void everyClientGetsTheFirstMessageThenEveryBroadcastInOrderFramedItsWayThenTheEnd() throws Exception {
        ClientStreams streams = new ClientStreams("test", 4, 1000);
        try (TestServer server = new TestServer().add(servlet(streams, Framing.sseData()), "/sse")
                .add(servlet(streams, Framing.jsonLines()), "/lines")) {
            Stream<String> sse = lines(server.url() + "sse");
            Stream<String> nd = lines(server.url() + "lines");
            awaitClients(streams, 2);
            for (int i = 0; i < 100; i++) {
                streams.broadcast("{\"n\":" + i + "}");
            }
            streams.close("{\"type\":\"end\"}", 5000);
            List<String> expected = new ArrayList<>(List.of("{\"type\":\"hello\"}"));
            for (int i = 0; i < 100; i++) {
                expected.add("{\"n\":" + i + "}");
            }
            expected.add("{\"type\":\"end\"}");
            assertThat(nd.toList()).containsExactlyElementsOf(expected);
            assertThat(sse.filter(l -> !l.isEmpty()).toList())
                    .containsExactlyElementsOf(expected.stream().map(e -> "data: " + e).toList());
            assertThat(streams.size()).isZero();
            assertThat(streams.lost()).isZero();
            assertThat(streams.served()).isEqualTo(2);
        }
    }

    @Test
    @Timeout(60)
    void aClientThatDoesNotReadLosesTheOldestAndIsToldHowMany() throws Exception {
        ClientStreams streams = new ClientStreams("test", 4, 16);
        try (TestServer server = new TestServer().add(servlet(streams, Framing.jsonLines()), "/lines");
                Socket stuck = new Socket("127.0.0.1", URI.create(server.url()).getPort())) {
            stuck.setReceiveBufferSize(1024);
            stuck.getOutputStream().write("GET /lines HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            awaitClients(streams, 1);
            String big = "{\"pad\":\"" + "x".repeat(8000) + "\"}";
            long t0 = System.nanoTime();
            for (int i = 0; i < 2000; i++) {
                streams.broadcast(big);
            }
            assertThat((System.nanoTime() - t0) / 1e9).as("broadcast never waits for the client").isLessThan(10);
            assertThat(streams.lost()).as("messages dropped for the stuck client").isGreaterThan(1000);
            // Now read: the stream goes on, with an overflow notice before the next message.
            streams.broadcast("{\"n\":\"last\"}");
            BufferedReader in = new BufferedReader(new InputStreamReader(stuck.getInputStream(), StandardCharsets.UTF_8));
            boolean overflow = false;
            String line;
            while ((line = in.readLine()) != null && !line.contains("\"last\"")) {
                overflow |= line.startsWith("{\"type\":\"overflow\",\"lost\":");
            }
            assertThat(overflow).isTrue();
            assertThat(line).isNotNull();
            streams.close(null, 2000);
        }
    }

    @Test
    @Timeout(30)
    void moreClientsThanAllowedAndClientsAfterCloseGet503() throws Exception {
        ClientStreams streams = new ClientStreams("emotion.sink.test", 1, 16);
        try (TestServer server = new TestServer().add(servlet(streams, Framing.sseData()), "/sse")) {
            Stream<String> first = lines(server.url() + "sse");
            awaitClients(streams, 1);
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create(server.url() + "sse")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.body()).contains("emotion.sink.test max.clients=1");
            streams.close(null, 2000);
            assertThat(first.toList()).containsExactly("data: {\"type\":\"hello\"}", "");
            HttpResponse<String> late = http.send(HttpRequest.newBuilder(URI.create(server.url() + "sse")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(late.statusCode()).isEqualTo(503);
            assertThat(late.body()).contains("shutting down");
        }
    }

    private static void awaitClients(ClientStreams streams, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (streams.size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(streams.size()).isEqualTo(n);
    }

    @SuppressWarnings("unused")
    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
