package org.emotionlens.itests;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.Pipeline;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FFmpeg natives inside Felix: the demo video read by emotion.source.video (FFmpeg, through lib.javacv), the real
 * vision pipeline with EMA smoothing, and the annotated MP4 written by emotion.sink.video, read back. lib.javacv
 * is a fragment of lib.tflite, so the framework holds one JavaCPP.
 */
class MediaTest {
    static final Path GIF = Containers.PROJECT.resolve("runtime/target/emotionlens/media/facemesh-demo.gif");
    static final int FRAMES = 40;

    @InjectService
    ConfigurationAdmin configAdmin;

    @Test
    void oneJavaCppIsSharedByTfliteAndJavacv() throws Exception {
        // lib.javacv is a fragment of lib.tflite: FFmpeg's classes live in the class loader that holds JavaCPP.
        Bundle javacv = bundle("lib.javacv");
        List<BundleWire> hosts = javacv.adapt(BundleWiring.class).getRequiredWires(HostNamespace.HOST_NAMESPACE);
        assertThat(hosts).hasSize(1);
        assertThat(hosts.get(0).getProvider().getBundle().getSymbolicName()).isEqualTo("lib.tflite");
        Bundle tflite = bundle("lib.tflite");
        for (String pkg : List.of("org.bytedeco.javacpp", "org.bytedeco.javacv", "org.bytedeco.ffmpeg.global")) {
            // Wiring of the bundle whose class loader serves the package (a fragment's exports are its host's).
            List<Bundle> exporters = new ArrayList<>();
            for (Bundle b : Containers.context().getBundles()) {
                BundleWiring w = b.adapt(BundleWiring.class);
                if (w == null) {
                    continue;
                }
                for (BundleCapability cap : w.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                    if (pkg.equals(cap.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                        exporters.add(b);
                    }
                }
            }
            assertThat(exporters).as(pkg).hasSize(1);
            assertThat(exporters.get(0)).as(pkg).isEqualTo(tflite);
        }
        Class<?> loader = tflite.loadClass("org.bytedeco.javacpp.Loader");
        assertThat(avutil.class.getClassLoader()).isSameAs(loader.getClassLoader());
        // and the native side works: FFmpeg's version through JavaCPP's Loader, inside Felix
        assertThat(avutil.avutil_version() >> 16).isGreaterThanOrEqualTo(60);
    }

    @Test
    void theDemoVideoGoesThroughTheVisionPipelineIntoAnAnnotatedMp4() throws Exception {
        Path out = Files.createTempDirectory("media-itest");
        RecordingSink sink = RecordingSink.register("media");
        try (Containers c = new Containers(configAdmin)) {
            configAdmin.getConfiguration("emotion.models", "?").update(
                    Containers.props("dir", Containers.SHARED.resolve("models").toString()));
            c.configure("emotion.source.video", "media", Map.of("path", GIF.toString()));
            c.configure("emotion.sink.video", "media", Map.of("dir", out.toString(), "test", "media"));
            c.configure("emotion.filter.ema", "media", Map.of("alpha", 0.3));
            c.classifier("lstm-paper");
            c.pipeline("media", Map.ofEntries(Map.entry("source.target", "(emotion.source.type=video)"),
                    Map.entry("detector.target", "(emotion.detector.type=blazeface)"),
                    Map.entry("landmarker.target", "(emotion.landmarker.type=mediapipe)"),
                    Map.entry("features.target",
                            "(&(emotion.features.kind=blendshapes)(!(emotion.features.provider=replay)))"),
                    Map.entry("classifier.target", "(emotion.model=lstm-paper)"),
                    Map.entry("sinks.target", "(test=media)"),
                    Map.entry("filter", true), Map.entry("filter.target", "(emotion.filter.type=ema)"),
                    Map.entry("max.faces", 2), Map.entry("video", true), Map.entry("max.frames", (long) FRAMES)));

            Map<String, Object> done = Containers.awaitPipeline("media", 180_000, "finished", "failed");
            assertThat(done.get(Pipeline.STATE)).as(String.valueOf(done.get(Pipeline.SUMMARY))).isEqualTo("finished");
            List<FrameResult> results = sink.results();
            assertThat(results).hasSize(FRAMES);
            long last = -1;
            for (FrameResult r : results) {
                assertThat(r.frame().image().width()).isEqualTo(640);
                assertThat(r.frame().timestampMicros()).isGreaterThan(last);
                last = r.frame().timestampMicros();
                for (FaceResult f : r.faces()) {
                    float sum = 0;
                    for (float p : f.prediction().probabilities()) {
                        sum += p;
                    }
                    assertThat(sum).isBetween(0.999f, 1.001f);
                }
            }
            assertThat(results.stream().mapToInt(r -> r.faces().size()).sum()).isGreaterThan(FRAMES);

            Path mp4 = out.resolve("media.mp4");
            Containers.await(mp4 + " to be written", 30_000, () -> Files.exists(mp4));
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(mp4.toFile())) {
                g.start();
                int n = 0;
                while (g.grabImage() != null) {
                    n++;
                }
                assertThat(n).isEqualTo(FRAMES);
                assertThat(g.getImageWidth()).isEqualTo(640);
                assertThat(g.getImageHeight()).isEqualTo(480);
            }
        } finally {
            sink.close();
            configAdmin.getConfiguration("emotion.models", "?").delete();
        }
    }

    private static Bundle bundle(String symbolicName) {
        for (Bundle b : Containers.context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }
}
