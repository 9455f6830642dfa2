package org.emotionlens.source.video.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

class VideoFrameSourceTest {
    @TempDir
    static Path dir;
    static Path mp4;
    static int written;

    @BeforeAll
    static void makeVideo() throws Exception {
        mp4 = dir.resolve("facemesh-demo.mp4");
        written = DemoVideos.writeMp4(mp4, 120);
    }

    @Test
    void readsEveryFrameOfARealMp4WithIncreasingTimestamps() throws Exception {
        VideoFrameSource source = new VideoFrameSource(mp4.toString(), "auto", 10, 5);
        assertThat(source.isLive()).isFalse();
        int frames = 0;
        long last = -1;
        long brightSum = 0;
        try (FrameStream stream = source.open()) {
            assertThat(stream.expectedFrames()).isBetween((long) written - 1, (long) written + 1);
            Frame f;
            while ((f = stream.next()) != null) {
                assertThat(f.index()).isEqualTo(frames);
                assertThat(f.image().width()).isEqualTo(640);
                assertThat(f.image().height()).isEqualTo(480);
                assertThat(f.timestampMicros()).isGreaterThan(last);
                assertThat(f.sourceId()).isEqualTo("facemesh-demo.mp4");
                last = f.timestampMicros();
                for (byte b : Arrays.copyOf(f.image().rgb(), 3000)) {
                    brightSum += b & 0xff;
                }
                frames++;
            }
        }
        assertThat(frames).isEqualTo(written);
        assertThat(brightSum).as("decoded pixels are a picture, not zeros").isGreaterThan(0);
        // The recorder's frame rate gives the spacing: 120 frames span (n-1)/fps seconds.
        assertThat(last).isGreaterThan(1_000_000L);
    }

    @Test
    void missingFileIsRefusedAtActivation() {
        Path missing = dir.resolve("no-such.mp4");
        assertThatThrownBy(() -> new VideoFrameSource(missing.toString(), "auto", 10, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString()).hasMessageContaining("does not exist");
    }

    @Test
    void fileRemovedAfterActivationIsAClearError() throws Exception {
        Path gone = dir.resolve("gone.mp4");
        Files.writeString(gone, "placeholder");
        VideoFrameSource source = new VideoFrameSource(gone.toString(), "auto", 10, 5);
        Files.delete(gone);
        assertThatThrownBy(source::open).isInstanceOf(SourceException.class)
                .hasMessageContaining(gone.toAbsolutePath().toString()).hasMessageContaining("does not exist");
    }

    @Test
    void textFileNamedMp4IsAClearError() throws Exception {
        Path text = dir.resolve("notes.mp4");
        Files.writeString(text, "this is not a video, just some text\n".repeat(50));
        VideoFrameSource source = new VideoFrameSource(text.toString(), "auto", 10, 5);
        assertThatThrownBy(source::open).isInstanceOf(SourceException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("not a video");
    }

    @Test
    void truncatedMp4IsAClearErrorNotAHang() throws Exception {
        Path cut = dir.resolve("cut.mp4");
        byte[] all = Files.readAllBytes(mp4);
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        VideoFrameSource source = new VideoFrameSource(cut.toString(), "auto", 10, 5);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> {
            try (FrameStream s = source.open()) {
                while (s.next() != null) {
                    // a readable half would end early instead; the recorder writes its index last, so it cannot
                }
            }
        }).isInstanceOf(SourceException.class).hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }

    @Test
    void readsAnMpegTsStreamOverHttpAsALiveSource() throws Exception {
        Path ts = dir.resolve("facemesh-demo.ts");
        int tsFrames = DemoVideos.write(ts, 60, "mpegts");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = Files.readAllBytes(ts);
        server.createContext("/demo.ts", ex -> {
            ex.getResponseHeaders().add("Content-Type", "video/mp2t");
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/demo.ts";
            VideoFrameSource source = new VideoFrameSource(url, "auto", 10, 5);
            assertThat(source.isLive()).isTrue();
            int frames = 0;
            long last = -1;
            try (FrameStream stream = source.open()) {
                assertThat(stream.expectedFrames()).isEqualTo(-1);
                Frame f;
                while ((f = stream.next()) != null) {
                    assertThat(f.timestampMicros()).isGreaterThan(last);
                    if (frames == 0) {
                        assertThat(f.timestampMicros()).as("live time starts at the first frame").isZero();
                    }
                    assertThat(f.sourceId()).isEqualTo(url);
                    last = f.timestampMicros();
                    frames++;
                }
            }
            assertThat(frames).isEqualTo(tsFrames);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void closedPortOnLocalhostFailsWithinSeconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, closed once the socket is
        }
        String url = "http://127.0.0.1:" + port + "/live.mp4";
        VideoFrameSource source = new VideoFrameSource(url, "auto", 5, 2);
        assertThat(source.isLive()).isTrue();
        long t0 = System.nanoTime();
        assertThatThrownBy(source::open).isInstanceOf(SourceException.class).hasMessageContaining(url)
                .hasMessageContaining("connection refused").hasMessageContaining("server is up")
                .hasMessageNotContaining("setFormat").hasMessageNotContaining("been called");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(6);
    }

    @Test
    void silentServerTimesOutInsteadOfHanging() throws Exception {
        // A server that accepts the connection and never answers: only the timeouts end the wait.
        try (ServerSocket silent = new ServerSocket(0)) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/live.mp4";
            VideoFrameSource source = new VideoFrameSource(url, "auto", 4, 1);
            long t0 = System.nanoTime();
            assertThatThrownBy(source::open).isInstanceOf(SourceException.class).hasMessageContaining(url);
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(6);
        }
    }

    @Test
    void cameraThatDoesNotExistSaysSo() {
        CameraFrameSource camera = new CameraFrameSource("7", 0, 0, 0, 5, 0, 100);
        assertThat(camera.isLive()).isTrue();
        assertThatThrownBy(camera::open).isInstanceOf(SourceException.class)
                .hasMessageContaining("/dev/video7").hasMessageContaining("no such device");
    }
}
