package org.emotionlens.sink.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.emotionlens.api.Box;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Prediction;
import org.emotionlens.sink.web.testing.RealFrames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * The MQTT sink against a real broker (Debian's mosquitto, started and stopped here) with real frame results: 20
 * frames of the facemesh demo video, the faces and blendshapes Google's MediaPipe found on them, and the paper's LSTM
 * (models/lstm-paper.onnx in ONNX Runtime) predicting each face.
 */
class MqttPredictionSinkTest {
    private static List<FrameResult> frames;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadFrames() throws Exception {
        frames = RealFrames.load("fleet");
        Mosquitto.find(); // fails, saying how to install it, when the broker is missing
    }

    @Test
    @Timeout(60)
    void everyFaceOfARealRunReachesASubscriberWithItsFields() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir);
             Subscriber robot = new Subscriber(broker.uri(), "emotionlens/+/faces")) {
            MqttPredictionSink sink = new MqttPredictionSink(Settings.defaults("fleet", broker.uri()));
            try {
                assertThat(sink.awaitConnected(10_000)).as("connected to " + broker.uri()).isTrue();
                frames.forEach(sink::accept);
                sink.flush();
                int faces = frames.stream().mapToInt(r -> r.faces().size()).sum();
                assertThat(faces).as("real faces in the frames").isGreaterThanOrEqualTo(frames.size());
                robot.awaitDistinct(faces, 10_000);
                Thread.sleep(200); // nothing more may come

                assertThat(robot.messages).hasSize(faces);
                assertThat(robot.order()).containsExactlyElementsOf(LongStream.rangeClosed(1, faces).boxed().toList());
                int k = 0;
                for (FrameResult r : frames) {
                    for (int i = 0; i < r.faces().size(); i++) {
                        Subscriber.Received m = robot.messages.get(k++);
                        assertThat(m.topic()).isEqualTo("emotionlens/fleet/faces");
                        assertFields(m.json(), k, r, i);
                    }
                }
                MqttPublisher.Status s = sink.status();
                assertThat(s.delivered()).isEqualTo(faces);
                assertThat(s.dropped()).isZero();
                assertThat(s.buffered()).isZero();
                System.out.printf(Locale.ROOT, "mqtt: %d frames, %d face messages received by the subscriber, %d"
                        + " dropped%n", frames.size(), robot.messages.size(), s.dropped());
            } finally {
                sink.close();
            }
        }
    }

    /** Every field of one message against the frame result it came from. */
    private static void assertFields(JsonObject m, long seq, FrameResult r, int faceIndex) {
        FaceResult f = r.faces().get(faceIndex);
        Prediction p = f.prediction();
        assertThat(m.getInt("schema")).isEqualTo(FaceMessages.SCHEMA);
        assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(seq);
        assertThat(m.getString("pipeline")).isEqualTo(r.pipeline());
        assertThat(m.getString("source")).isEqualTo(RealFrames.SOURCE);
        assertThat(m.getJsonNumber("frame").longValue()).isEqualTo(r.frame().index());
        assertThat(m.getJsonNumber("timestamp_us").longValue()).isEqualTo(r.frame().timestampMicros());
        assertThat(m.getInt("face")).isEqualTo(faceIndex);
        assertThat(m.getInt("track")).isEqualTo(f.face().trackId());
        Box b = f.face().box();
        JsonArray box = m.getJsonArray("box");
        assertThat(box).hasSize(4);
        assertThat(new float[] {flt(box, 0), flt(box, 1), flt(box, 2), flt(box, 3)})
                .containsExactly(b.x(), b.y(), b.width(), b.height());
        // RealFrames carries no presence score (NaN): written as null, not as an invented number
        assertThat(m.isNull("score")).isEqualTo(Float.isNaN(f.face().score()));
        assertThat(m.getString("label")).isEqualTo(p.label());
        assertThat(m.getString("model")).isEqualTo("lstm-paper");
        JsonObject probabilities = m.getJsonObject("probabilities");
        assertThat(probabilities.keySet()).containsExactlyElementsOf(p.labels());
        for (String label : p.labels()) {
            assertThat(probabilities.getJsonNumber(label).bigDecimalValue().floatValue())
                    .as("probability of " + label).isEqualTo(p.probability(label));
        }
        assertThat(m.containsKey("truth")).isFalse();
    }

    private static float flt(JsonArray a, int i) {
        return a.getJsonNumber(i).bigDecimalValue().floatValue();
    }

    /** The real frames again and again, numbered on (frame index and time), as a longer run of the same video. */
    private static List<FrameResult> run(int count, int startAt) {
        List<FrameResult> out = new ArrayList<>(count);
        long step = frames.get(1).frame().timestampMicros() - frames.get(0).frame().timestampMicros();
        for (int n = startAt; n < startAt + count; n++) {
            FrameResult r = frames.get(n % frames.size());
            Frame f = r.frame();
            out.add(new FrameResult(r.pipeline(), new Frame(f.sourceId(), n, n * step, f.image(), null), r.faces(),
                    r.stageNanos()));
        }
        return out;
    }

    private static int faces(List<FrameResult> rs) {
        return rs.stream().mapToInt(r -> r.faces().size()).sum();
    }

    /** Nanoseconds each accept call took. */
    private static long[] feed(MqttPredictionSink sink, List<FrameResult> rs) {
        long[] t = new long[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            long t0 = System.nanoTime();
            sink.accept(rs.get(i));
            t[i] = System.nanoTime() - t0;
        }
        return t;
    }

    private static String millis(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "mean %.3f / p99 %.3f / max %.3f ms", Arrays.stream(s).average().orElse(0)
                / 1e6, s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] / 1e6, s[s.length - 1] / 1e6);
    }

    private static void awaitStatus(MqttPredictionSink sink, boolean connected, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (sink.status().connected() != connected) {
            assertThat(System.nanoTime()).as("sink " + (connected ? "connected" : "saw the broker go")
                    + " within " + timeoutMillis + " ms").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    @Timeout(120)
    void brokerStoppedMidRunAndRestartedGetsTheBufferedMessagesInOrderWithoutHoldingUpTheFrameLoop()
            throws Exception {
        int buffer = 50;
        try (Mosquitto broker = new Mosquitto(dir);
             Subscriber robot = new Subscriber(broker.uri(), "emotionlens/#")) {
            MqttPredictionSink sink = new MqttPredictionSink(Settings.defaults("fleet", broker.uri())
                    .withBuffer(buffer).withReconnect(100, 400));
            try {
                assertThat(sink.awaitConnected(10_000)).isTrue();
                // Broker up: 20 frames, all delivered and acknowledged.
                List<FrameResult> before = run(20, 0);
                long[] upTimes = feed(sink, before);
                int a = faces(before);
                assertThat(sink.awaitDelivered(10_000)).isTrue();
                robot.awaitDistinct(a, 10_000);

                // Broker away: 200 frames; the buffer keeps the newest 50 messages.
                broker.stop();
                awaitStatus(sink, false, 10_000);
                List<FrameResult> during = run(200, 20);
                long[] awayTimes = feed(sink, during);
                int b = faces(during);
                assertThat(b).isGreaterThan(buffer);
                MqttPublisher.Status away = sink.status();
                assertThat(away.connected()).isFalse();
                assertThat(away.buffered()).isEqualTo(buffer);
                assertThat(away.dropped()).as("oldest messages dropped, counted").isEqualTo(b - buffer);

                // Broker back: the sink reconnects by itself and sends what it kept, in order.
                long restart = System.nanoTime();
                broker.start();
                long listening = System.nanoTime();
                assertThat(sink.awaitConnected(10_000)).as("reconnected").isTrue();
                long reconnected = System.nanoTime();
                assertThat(sink.awaitDelivered(10_000)).as("buffered messages delivered").isTrue();
                long drained = System.nanoTime();

                // And on: 20 more frames while connected again.
                List<FrameResult> after = run(20, 220);
                long[] backTimes = feed(sink, after);
                int c = faces(after);
                assertThat(sink.awaitDelivered(10_000)).isTrue();

                List<Long> expected = new ArrayList<>();
                LongStream.rangeClosed(1, a).forEach(expected::add);
                LongStream.rangeClosed(a + b - buffer + 1, a + b + c).forEach(expected::add);
                robot.awaitDistinct(expected.size(), 15_000);
                Thread.sleep(200);
                if (System.getProperty("mqtt.debug") != null) {
                    System.out.println("DEBUG arrivals: " + robot.messages.stream().map(m -> Long.toString(m.seq())).toList());
                }
                // Repeats are allowed (at least once): the restarted broker re-sends part of the subscriber's restored
                // session. The sink's own count below is exact.
                assertThat(robot.order()).as("everything kept arrives, in order, once each (repeats aside)")
                        .containsExactlyElementsOf(expected);
                Map<Long, Subscriber.Received> got = robot.distinct();
                assertThat(got.get((long) a + b).json().getJsonNumber("frame").longValue())
                        .as("the last buffered message is the last face of the outage").isEqualTo(219);

                MqttPublisher.Status s = sink.status();
                assertThat(s.dropped()).isEqualTo(b - buffer);
                assertThat(s.delivered()).isEqualTo(expected.size());
                assertThat(s.buffered()).isZero();
                assertThat(s.losses()).isEqualTo(1);
                assertThat(sink.produced()).isEqualTo(a + b + c);
                assertThat(sink.toString()).contains((b - buffer) + " dropped");

                // The frame loop was never held up: accept only encodes and queues, broker up or away.
                long[] all = LongStream.concat(LongStream.concat(Arrays.stream(upTimes), Arrays.stream(awayTimes)),
                        Arrays.stream(backTimes)).toArray();
                assertThat(Arrays.stream(all).max().orElseThrow()).as("slowest accept, ns").isLessThan(
                        TimeUnit.MILLISECONDS.toNanos(100));
                assertThat(Arrays.stream(awayTimes).average().orElseThrow()).as("mean accept while away, ns")
                        .isLessThan(TimeUnit.MILLISECONDS.toNanos(2));
                System.out.printf(Locale.ROOT, "mqtt outage: %d messages before, %d while the broker was away"
                        + " (buffer %d: %d dropped), %d after; subscriber got %d distinct (%d with repeats);"
                        + " broker listening %.0f ms after start, sink reconnected %.0f ms after that, buffer"
                        + " delivered %.0f ms later; accept per frame: up %s, away %s, back %s%n",
                        a, b, buffer, s.dropped(), c, got.size(), robot.messages.size(), (listening - restart) / 1e6,
                        (reconnected - listening) / 1e6, (drained - reconnected) / 1e6, millis(upTimes),
                        millis(awayTimes), millis(backTimes));
            } finally {
                sink.close();
            }
        }
    }

    @Test
    @Timeout(60)
    void aBrokerThatNeverAnswersDoesNotHoldUpTheFrameLoop() throws Exception {
        // A TCP port that accepts and then says nothing: each connect attempt waits the whole connect timeout.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Settings s = new Settings("silent", "tcp://127.0.0.1:" + silent.getLocalPort(), "", "emotionlens/{pipeline}"
                    + "/faces", 1, false, 64, 10, 2000, 100, 400, 30, 300);
            MqttPredictionSink sink = new MqttPredictionSink(s);
            try {
                Thread.sleep(300); // the publisher is inside its first connect attempt now
                List<FrameResult> rs = run(100, 0);
                long[] times = feed(sink, rs);
                long flushStart = System.nanoTime();
                sink.flush();
                long flushNanos = System.nanoTime() - flushStart;
                assertThat(sink.status().connected()).isFalse();
                assertThat(sink.status().buffered()).isEqualTo(64);
                assertThat(sink.status().dropped()).isEqualTo(faces(rs) - 64);
                assertThat(Arrays.stream(times).max().orElseThrow()).as("slowest accept, ns")
                        .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
                assertThat(flushNanos).as("flush does not wait for a broker that is not there")
                        .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
                System.out.printf(Locale.ROOT, "mqtt silent broker: accept per frame %s%n", millis(times));
            } finally {
                sink.close();
                for (Socket h : held) {
                    h.close();
                }
            }
        }
    }

    @Test
    void aBadBrokerUriIsAConfigurationErrorNamingTheSetting() {
        for (String uri : List.of("tcp//127.0.0.1:1883", "mqtt://127.0.0.1:1883", "tcp://:1883",
                "tcp://127.0.0.1:99999", "127.0.0.1:1883", "tcp://127.0.0.1:1883/x", "", "tcp://exa mple:1883")) {
            assertThatThrownBy(() -> new MqttPredictionSink(Settings.defaults("fleet", uri)))
                    .as(uri).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("emotion.sink.mqtt~fleet: broker.uri ")
                    .hasMessageContaining(uri.isEmpty() ? "is empty" : "'" + uri + "'")
                    .hasMessageContaining("tcp://127.0.0.1:1883");
        }
        assertThatThrownBy(() -> Settings.defaults("fleet", "tcp://127.0.0.1:1883").withQos(3))
                .hasMessage("emotion.sink.mqtt~fleet: qos must be 0, 1 or 2, got 3");
        assertThatThrownBy(() -> Settings.defaults("fleet", "tcp://127.0.0.1:1883").withBuffer(0))
                .hasMessageContaining("buffer.size");
        assertThatThrownBy(() -> Settings.defaults("fleet", "tcp://127.0.0.1:1883").withReconnect(500, 100))
                .hasMessageContaining("reconnect.max.ms");
        assertThatThrownBy(() -> new Settings("fleet", "tcp://127.0.0.1:1883", "", "emotionlens/+/faces", 1, false,
                10, 10, 1000, 100, 1000, 30, 1000)).hasMessageContaining("topic");
    }

    @Test
    void topicsNameThePipelineAndTrackAsOneLevelEach() {
        Settings s = new Settings("x", "tcp://127.0.0.1:1883", "id", "robots/{pipeline}/faces/{track}", 0, false,
                10, 10, 1000, 100, 1000, 30, 1000);
        assertThat(s.topicFor("demo", 3)).isEqualTo("robots/demo/faces/3");
        assertThat(s.topicFor("a/b+#", 0)).isEqualTo("robots/a_b__/faces/0");
        assertThat(Settings.defaults("fleet", "tcp://h:1").clientId()).startsWith("emotionlens-fleet-");
    }
}
