package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Pipeline;
import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionSink;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT sink in a real framework (Paho's bundle as published, the sink's DS component configured through
 * Configuration Admin) on a real pipeline, the paper's test blendshapes through the LSTM, publishing to a real broker:
 * Debian's mosquitto, started here on a free loopback port (missing mosquitto fails the test, saying how to install
 * it). A Paho subscriber gets one message per prediction, in order, equal to what the pipeline handed its sinks; the
 * sink's registration shows the counts; a bad broker address fails the component naming the setting.
 */
class MqttSinkTest {
    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void everyPredictionOfARealRunReachesASubscriberThroughTheBroker() throws Exception {
        Path dir = Files.createTempDirectory("mqtt-itest");
        Process broker = startMosquitto(dir);
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        List<String> topics = new CopyOnWriteArrayList<>();
        MqttAsyncClient robot = null;
        try (Containers c = new Containers(configAdmin); RecordingSink recorded = RecordingSink.register("mqtt")) {
            String uri = "tcp://127.0.0.1:" + port;
            robot = new MqttAsyncClient(uri, "robot-itest", new MemoryPersistence());
            robot.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    try (JsonReader r = Json.createReader(new StringReader(new String(message.getPayload(),
                            StandardCharsets.UTF_8)))) {
                        received.add(r.readObject());
                        topics.add(topic);
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(1000);
            robot.connect(o).waitForCompletion(10_000);
            robot.subscribe("robots/#", 1).waitForCompletion(10_000);

            c.configure("emotion.sink.mqtt", "robots", Map.of("broker.uri", uri, "topic", "robots/{pipeline}/faces"));
            Containers.await("the mqtt sink connected to " + uri, 15_000,
                    () -> Boolean.TRUE.equals(sinkProperty("robots", "emotion.sink.mqtt.connected")));
            c.csvSource("fleet", Containers.TEST_CSV);
            c.classifier("lstm-paper");
            c.pipeline("fleet", Map.of("source.target", "(emotion.source.type=csv)",
                    "classifier.target", "(emotion.model=lstm-paper)",
                    "sinks.target", "(|(emotion.sink.type=mqtt)(test=mqtt))"));
            Map<String, Object> done = Containers.awaitPipeline("fleet", 120_000, "finished", "failed");
            assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY))).isEqualTo("finished");
            long made = (Long) done.get("emotion.pipeline.predictions");
            assertThat(made).isEqualTo(Containers.TEST_ROWS);

            Containers.await(made + " messages at the subscriber (have " + received.size() + ")", 30_000,
                    () -> received.size() >= made);
            Thread.sleep(200);
            assertThat(received).hasSize((int) made);
            assertThat(topics).containsOnly("robots/fleet/faces");
            int k = 0;
            for (FrameResult r : recorded.results()) {
                for (int i = 0; i < r.faces().size(); i++) {
                    FaceResult f = r.faces().get(i);
                    Prediction p = f.prediction();
                    JsonObject m = received.get(k++);
                    assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(k);
                    assertThat(m.getString("pipeline")).isEqualTo("fleet");
                    assertThat(m.getString("source")).isEqualTo("blends_test_full_set.csv");
                    assertThat(m.getJsonNumber("frame").longValue()).isEqualTo(r.frame().index());
                    assertThat(m.getInt("face")).isEqualTo(i);
                    assertThat(m.getInt("track")).isEqualTo(f.face().trackId());
                    assertThat(m.isNull("box")).as("replayed features have no box").isTrue();
                    assertThat(m.getString("label")).isEqualTo(p.label());
                    assertThat(m.getString("model")).isEqualTo("lstm-paper");
                    for (String label : p.labels()) {
                        assertThat(m.getJsonObject("probabilities").getJsonNumber(label).bigDecimalValue()
                                .floatValue()).isEqualTo(p.probability(label));
                    }
                    assertThat(m.getString("truth")).isEqualTo(f.face().attributes().get(Face.TRUTH));
                }
            }
            assertThat(k).isEqualTo(made);

            // The counts on the sink's registration (refreshed at the end of input).
            Containers.await("published count " + made + " on the sink's registration", 10_000,
                    () -> Long.valueOf(made).equals(sinkProperty("robots", "emotion.sink.mqtt.published")));
            assertThat(sinkProperty("robots", "emotion.sink.mqtt.dropped")).isEqualTo(0L);
            assertThat(sinkProperty("robots", "emotion.sink.mqtt.buffered")).isEqualTo(0L);

            // A bad broker address: the component fails, naming the setting.
            c.configure("emotion.sink.mqtt", "bad", Map.of("broker.uri", "tcp//127.0.0.1:" + port));
            Containers.await("the bad mqtt sink to fail", 10_000, () -> Containers.inactiveComponents().stream()
                    .anyMatch(s -> s.contains("MqttSinkComponent failed") && s.contains("broker.uri")));
            assertThat(Containers.inactiveComponents()).anySatisfy(s -> assertThat(s)
                    .contains("emotion.sink.mqtt~bad: broker.uri 'tcp//127.0.0.1:" + port + "'"));
            assertThat(sinkProperty("bad", PredictionSink.TYPE)).isNull();
        } finally {
            if (robot != null) {
                if (robot.isConnected()) {
                    robot.disconnect().waitForCompletion(2000);
                }
                robot.close(true);
            }
            broker.destroy();
            if (!broker.waitFor(10, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** A property of the mqtt sink registered for configuration {@code emotion.sink.mqtt~<name>}, or null. */
    private static Object sinkProperty(String name, String key) {
        try {
            Collection<ServiceReference<PredictionSink>> refs = Containers.context().getServiceReferences(
                    PredictionSink.class, "(service.pid=emotion.sink.mqtt~" + name + ")");
            return refs.isEmpty() ? null : refs.iterator().next().getProperty(key);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private int port;

    private Process startMosquitto(Path dir) throws IOException, InterruptedException {
        Path binary = null;
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "mosquitto"))) {
                binary = Path.of(d, "mosquitto");
                break;
            }
        }
        if (binary == null) {
            throw new AssertionError("this test needs a real MQTT broker and the mosquitto binary was not found (PATH,"
                    + " /usr/sbin): install Debian's package with 'apt-get install -y mosquitto' (.ci/run does)");
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                + ("root".equals(System.getProperty("user.name")) ? "user root\n" : ""));
        Path log = dir.resolve("mosquitto.log");
        Process p = new ProcessBuilder(binary.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("mosquitto exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return p;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("mosquitto did not listen on 127.0.0.1:" + port + " within 15 s: "
                + Files.readString(log));
    }
}
