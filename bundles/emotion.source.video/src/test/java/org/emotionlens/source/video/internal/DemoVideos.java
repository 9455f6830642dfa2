package org.emotionlens.source.video.internal;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.file.Files;
import java.nio.file.Path;

/** Real media for tests: the facemesh demo GIF (two people, 640x480) re-encoded to MP4 with FFmpeg. */
final class DemoVideos {
    private DemoVideos() {
    }

    static Path demoGif() {
        String project = System.getProperty("emotionlens.project", "../..");
        for (Path p : new Path[] {Path.of(project, "runtime/target/emotionlens/media/facemesh-demo.gif"),
                Path.of("../../runtime/target/emotionlens/media/facemesh-demo.gif")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("facemesh-demo.gif not found: build the runtime first"
                + " (mvn -B -q install -f runtime/pom.xml -DskipITs)");
    }

    /** Re-encodes the first {@code maxFrames} frames of the demo GIF to an MPEG-4 MP4; returns the frames written. */
    static int writeMp4(Path mp4, int maxFrames) throws Exception {
        return write(mp4, maxFrames, "mp4");
    }

    /** The same in another container, e.g. mpegts (what live HTTP streams carry: no index, playable from any byte). */
    static int write(Path mp4, int maxFrames, String format) throws Exception {
        try (FFmpegFrameGrabber gif = new FFmpegFrameGrabber(demoGif().toFile())) {
            gif.start();
            try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(mp4.toFile(), gif.getImageWidth(),
                    gif.getImageHeight(), 0)) {
                rec.setFormat(format);
                rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                rec.setFrameRate(gif.getFrameRate() > 0 && gif.getFrameRate() < 100 ? gif.getFrameRate() : 25);
                rec.setVideoQuality(4);
                rec.start();
                int n = 0;
                Frame f;
                while (n < maxFrames && (f = gif.grabImage()) != null) {
                    rec.record(f);
                    n++;
                }
                rec.stop();
                return n;
            }
        }
    }
}
