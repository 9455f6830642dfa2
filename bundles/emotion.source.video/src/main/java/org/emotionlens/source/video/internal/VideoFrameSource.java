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

/**
 * A video file or a network stream as frames, decoded by FFmpeg into packed RGB. Timestamps are FFmpeg's
 * presentation times in microseconds: as in the file for files, relative to the first frame for live streams (whose
 * clocks start anywhere). End of file ends the stream; a broken file or a lost stream is a {@link SourceException}
 * that names the input.
 */
@Component(configurationPid = VideoFrameSource.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = FrameSource.TYPE + "=video")
@Designate(ocd = VideoSourceConfig.class, factory = true)
public class VideoFrameSource implements FrameSource {
    static final String PID = "emotion.source.video";

    private final String input;
    private final boolean url;
    private final boolean live;
    private final int openTimeoutSeconds;
    private final int readTimeoutSeconds;

    @Activate
    public VideoFrameSource(VideoSourceConfig config) {
        this(config.path(), config.live(), config.open_timeout_seconds(), config.read_timeout_seconds());
    }

    VideoFrameSource(String input, String live, int openTimeoutSeconds, int readTimeoutSeconds) {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("video source: 'path' is empty; give a video file or a stream URL"
                    + " (e.g. --input clip.mp4 or --input rtsp://host/stream)");
        }
        this.input = input.trim();
        this.url = Grabbers.isUrl(this.input);
        this.live = switch (Grabbers.lower(live == null ? "auto" : live)) {
            case "auto", "" -> url && !this.input.regionMatches(true, 0, "file:", 0, 5);
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("video source: live must be auto, true or false, got '"
                    + live + "'");
        };
        if (!url && !Files.isRegularFile(Path.of(this.input))) {
            // At activation, so that the profile fails to start (exit 2) instead of a pipeline failing at its start.
            Path file = Path.of(this.input).toAbsolutePath();
            throw new IllegalArgumentException("video file " + file + " does not exist"
                    + (Files.isDirectory(file) ? " (it is a folder: use the images source for folders)" : "")
                    + "; give an existing video file with --input");
        }
        this.openTimeoutSeconds = openTimeoutSeconds > 0 ? openTimeoutSeconds : 15;
        this.readTimeoutSeconds = readTimeoutSeconds > 0 ? readTimeoutSeconds : 5;
    }

    @Override
    public String describe() {
        return (url ? "stream " : "video ") + input;
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public FrameStream open() throws SourceException {
        String advice;
        if (url) {
            advice = "check that the URL is right and the server is up and reachable from this machine";
        } else {
            Path file = Path.of(input);
            if (!Files.isRegularFile(file)) {
                throw new SourceException("video file " + file.toAbsolutePath() + " does not exist"
                        + (Files.isDirectory(file) ? " (it is a folder: use the images source for folders)" : "")
                        + "; give an existing video file with --input");
            }
            advice = "the file is not a video FFmpeg can read, or it is truncated or corrupt (an MP4 cut short"
                    + " loses its index); check it plays in a media player, or re-encode/re-copy it";
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        if (url) {
            // Microseconds. rw_timeout bounds every read/connect of any protocol; 'timeout' is the socket timeout
            // of rtsp/http/tcp. Without them a dead server blocks the decoder thread for ever.
            String us = Long.toString(readTimeoutSeconds * 1_000_000L);
            grabber.setOption("rw_timeout", us);
            grabber.setOption("timeout", us);
            if (input.regionMatches(true, 0, "rtsp", 0, 4)) {
                grabber.setOption("rtsp_transport", "tcp");
            }
        }
        Grabbers.start(grabber, describe(), openTimeoutSeconds, advice);
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            Grabbers.release(grabber);
            String format = grabber.getFormat();
            throw new SourceException(describe() + " has no video stream FFmpeg can decode"
                    + (format == null ? "" : " (container " + format + ")") + "; " + (url
                    ? "an MP4 served over HTTP needs its index first (ffmpeg -movflags faststart) or use a streaming"
                    + " container (MPEG-TS, HLS, RTSP); " + advice : advice));
        }
        return new GrabberStream(grabber);
    }

    private final class GrabberStream implements FrameStream {
        private final FFmpegFrameGrabber grabber;
        private final String sourceId;
        private long index;
        private long firstTimestamp = Long.MIN_VALUE;
        private long lastTimestamp = Long.MIN_VALUE;

        GrabberStream(FFmpegFrameGrabber grabber) {
            this.grabber = grabber;
            this.sourceId = url ? input : Path.of(input).getFileName().toString();
        }

        @Override
        public Frame next() throws SourceException {
            org.bytedeco.javacv.Frame f;
            try {
                f = grabber.grabImage();
            } catch (Exception e) {
                throw new SourceException(describe() + ": frame " + index + " cannot be read ("
                        + Grabbers.ffmpegMessage(e) + "); " + (live
                        ? "the stream was lost; check the server and the network"
                        : "the file is truncated or corrupt; re-encode or re-copy it"), e);
            }
            if (f == null) {
                return null;
            }
            long ts = grabber.getTimestamp();
            if (live) {
                if (firstTimestamp == Long.MIN_VALUE) {
                    firstTimestamp = ts;
                }
                ts -= firstTimestamp;
            }
            // Some containers repeat or go back a tick on B-frames or bad muxing: keep time strictly increasing.
            if (ts <= lastTimestamp) {
                ts = lastTimestamp + 1;
            }
            lastTimestamp = ts;
            return new Frame(sourceId, index++, ts, Grabbers.rgb(f), null);
        }

        @Override
        public long expectedFrames() {
            return live ? -1 : grabber.getLengthInVideoFrames();
        }

        @Override
        public void close() {
            Grabbers.release(grabber);
        }
    }

    @Override
    public String toString() {
        return "video:" + input;
    }
}
