package org.emotionlens.source.video.internal;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.emotionlens.detector.blazeface.testing.TestMedia;

import java.nio.file.Path;

/** Real media for tests: the facemesh demo GIF (two people, 640x480) re-encoded to MP4 with FFmpeg. */
final class DemoVideos {
    private DemoVideos() {
    }

    /** demo.gif of the npm package @tensorflow-models/facemesh@0.0.5, packed once with npm into the test cache. */
    static Path demoGif() {
        return TestMedia.faceVideoGif();
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
