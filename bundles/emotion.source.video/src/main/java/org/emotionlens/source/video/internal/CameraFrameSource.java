package org.emotionlens.source.video.internal;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameSource;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * A V4L2 camera as a live source. A camera that disappears or stops delivering (unplugged, taken by another
 * program) is reported and reopened with exponential backoff, {@code retry.attempts} times, before the stream fails.
 * Timestamps are microseconds since the first frame of the stream, across reopenings.
 */
@Component(configurationPid = CameraFrameSource.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = FrameSource.TYPE + "=camera")
@Designate(ocd = CameraSourceConfig.class, factory = true)
public class CameraFrameSource implements FrameSource {
    static final String PID = "emotion.source.camera";
    private static final Logger LOG = Logger.getLogger(PID);

    private final String device;
    private final int width;
    private final int height;
    private final double fps;
    private final int openTimeoutSeconds;
    private final int retryAttempts;
    private final long retryBackoffMs;

    @Activate
    public CameraFrameSource(CameraSourceConfig config) {
        this(config.device(), config.width(), config.height(), config.fps(), config.open_timeout_seconds(),
                config.retry_attempts(), config.retry_backoff_ms());
    }

    CameraFrameSource(String device, int width, int height, double fps, int openTimeoutSeconds, int retryAttempts,
            long retryBackoffMs) {
        String d = device == null || device.isBlank() ? "0" : device.trim();
        this.device = d.matches("\\d+") ? "/dev/video" + d : d;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.openTimeoutSeconds = openTimeoutSeconds > 0 ? openTimeoutSeconds : 10;
        this.retryAttempts = Math.max(0, retryAttempts);
        this.retryBackoffMs = Math.max(10, retryBackoffMs);
    }

    @Override
    public String describe() {
        return "camera " + device;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public FrameStream open() throws SourceException {
        return new CameraStream(grabber());
    }

    private FFmpegFrameGrabber grabber() throws SourceException {
        if (!Files.exists(Path.of(device))) {
            throw new SourceException("camera " + device + " does not exist (no such device); connect a camera,"
                    + " check 'ls /dev/video*' and that this user may read it (group 'video'), or set the device"
                    + " (--set device=1 or a /dev/videoN path)");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(device);
        g.setFormat("video4linux2");
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        if (width > 0 && height > 0) {
            g.setImageWidth(width);
            g.setImageHeight(height);
        }
        if (fps > 0) {
            g.setFrameRate(fps);
        }
        Grabbers.start(g, describe(), openTimeoutSeconds,
                "check that no other program holds the camera and that this user may read it (group 'video')");
        return g;
    }

    private final class CameraStream implements FrameStream {
        private FFmpegFrameGrabber grabber;
        private long index;
        private final long startNanos = System.nanoTime();

        CameraStream(FFmpegFrameGrabber grabber) {
            this.grabber = grabber;
        }

        @Override
        public Frame next() throws SourceException {
            for (int attempt = 0; ; attempt++) {
                String problem;
                try {
                    org.bytedeco.javacv.Frame f = grabber == null ? null : grabber.grabImage();
                    if (f != null) {
                        // Device clocks differ (monotonic, wall, per open); one clock across reopenings is ours.
                        long ts = (System.nanoTime() - startNanos) / 1000;
                        return new Frame(device, index++, ts, Grabbers.rgb(f), null);
                    }
                    problem = grabber == null ? "not open" : "stopped delivering frames";
                } catch (Exception e) {
                    problem = Grabbers.ffmpegMessage(e);
                }
                if (attempt >= retryAttempts) {
                    throw new SourceException("camera " + device + " was lost (" + problem + ") and did not come back"
                            + " after " + retryAttempts + " reopen attempts; reconnect it and run again");
                }
                long wait = retryBackoffMs << Math.min(attempt, 10);
                LOG.warning("camera " + device + ": " + problem + "; reopening in " + wait + " ms (attempt "
                        + (attempt + 1) + " of " + retryAttempts + ")");
                if (grabber != null) {
                    Grabbers.release(grabber);
                    grabber = null;
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SourceException("interrupted while waiting for camera " + device, e);
                }
                try {
                    grabber = grabber();
                } catch (SourceException e) {
                    LOG.warning(e.getMessage());
                }
            }
        }

        @Override
        public void close() {
            if (grabber != null) {
                Grabbers.release(grabber);
            }
        }
    }

    @Override
    public String toString() {
        return "camera:" + device;
    }
}
