package org.emotionlens.sink.video.internal;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.emotionlens.api.FrameResult;
import org.emotionlens.api.PredictionSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Annotated MP4 per pipeline: {@code <dir>/<pipeline>.mp4}. The file's frame rate comes from the source's first two
 * timestamps (or {@code fps}) and every frame is placed at its own source timestamp, so a file with dropped frames
 * still plays in real time. {@link #flush()} (end of input, unbind) and deactivation finish the files so they play;
 * a pipeline that sends frames again after a flush starts {@code <pipeline>-2.mp4}.
 */
@Component(configurationPid = VideoPredictionSink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = PredictionSink.TYPE + "=video", immediate = true)
@Designate(ocd = VideoSinkConfig.class, factory = true)
public class VideoPredictionSink implements PredictionSink {
    static final String PID = "emotion.sink.video";
    private static final Logger LOG = Logger.getLogger(PID);

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final Path dir;
    private final int codec;
    private final double fps;
    private final int bitrate;
    private final Annotator annotator;
    private final Map<String, Writer> writers = new LinkedHashMap<>();
    /** Files finished per pipeline. */
    private final Map<String, Integer> filesPerPipeline = new HashMap<>();
    private boolean warnedNoImage;
    private boolean closed;

    @Activate
    public VideoPredictionSink(VideoSinkConfig config) {
        this(Path.of(config.dir()), config.codec(), config.fps(), config.bitrate(), config.landmarks(), config.bars());
    }

    VideoPredictionSink(Path dir, String codec, double fps, int bitrate, boolean landmarks, boolean bars) {
        this.dir = dir;
        this.codec = codec(codec);
        this.fps = fps;
        this.bitrate = bitrate > 0 ? bitrate : 4_000_000;
        this.annotator = new Annotator(landmarks, bars);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("video sink: cannot create output folder " + dir + ": " + e.getMessage());
        }
    }

    static int codec(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        boolean h264 = avcodec.avcodec_find_encoder(avcodec.AV_CODEC_ID_H264) != null;
        return switch (n) {
            case "", "auto" -> h264 ? avcodec.AV_CODEC_ID_H264 : avcodec.AV_CODEC_ID_MPEG4;
            case "h264" -> {
                if (!h264) {
                    throw new IllegalArgumentException("video sink: this FFmpeg build has no H.264 encoder;"
                            + " use codec auto or mpeg4");
                }
                yield avcodec.AV_CODEC_ID_H264;
            }
            case "mpeg4" -> avcodec.AV_CODEC_ID_MPEG4;
            default -> throw new IllegalArgumentException("video sink: codec must be auto, h264 or mpeg4, got '"
                    + name + "'");
        };
    }

    /** The file a pipeline writes now (or wrote last). */
    synchronized Path fileOf(String pipeline) {
        int n = filesPerPipeline.getOrDefault(pipeline, 0) + 1; // files finished so far + this one
        return dir.resolve(safe(pipeline) + (n > 1 ? "-" + n : "") + ".mp4");
    }

    @Override
    public synchronized void accept(FrameResult result) {
        if (closed) {
            return;
        }
        if (result.frame().image() == null) {
            if (!warnedNoImage) {
                warnedNoImage = true;
                LOG.warning("video sink: pipeline " + result.pipeline() + " sends frames without pictures"
                        + " (feature replay); nothing to draw on, no video written");
            }
            return;
        }
        Writer w = writers.get(result.pipeline());
        if (w == null) {
            w = new Writer(fileOf(result.pipeline()));
            writers.put(result.pipeline(), w);
        }
        w.add(result);
    }

    /**
     * Finishes every open file. A file that cannot be finished is removed (a broken or empty MP4 is worse than none)
     * and the failure is thrown, naming the file, so that the run fails instead of ending with a warning.
     */
    @Override
    public synchronized void flush() {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Writer> e : writers.entrySet()) {
            try {
                e.getValue().finish();
            } catch (Exception ex) {
                e.getValue().abandon();
                failures.add(ex.getMessage() != null && ex.getMessage().startsWith("video sink:") ? ex.getMessage()
                        : "video sink: finishing " + e.getValue().file + " failed: " + ex.getMessage());
            }
            filesPerPipeline.merge(e.getKey(), 1, Integer::sum);
        }
        writers.clear();
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        try {
            flush();
        } catch (IllegalStateException e) {
            LOG.warning(e.getMessage());
        }
    }

    /** The folder, relative to the working folder when under it: reports name no machine's folders. */
    @Override
    public String toString() {
        Path abs = dir.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath().normalize();
        return "video:" + (abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs) : abs);
    }

    /** H.264 (OpenH264) takes at most this many pixels per frame: 4096x2304. */
    static final long H264_MAX_PIXELS = 9_437_184L;

    /** Why frames of this size cannot be encoded; null when they can. */
    static String sizeProblem(int w, int h, int codec) {
        if (w < 2 || h < 2) {
            return "the frames are " + w + "x" + h + " pixels; an MP4 needs at least 2x2 (the encoder works on pairs"
                    + " of pixels); leave the video sink out of the profile for such input";
        }
        long pixels = (long) (w - (w & 1)) * (h - (h & 1));
        if (codec == avcodec.AV_CODEC_ID_H264 && pixels > H264_MAX_PIXELS) {
            return "the frames are " + w + "x" + h + " pixels; the H.264 encoder takes at most " + H264_MAX_PIXELS
                    + " pixels (e.g. 4096x2304): scale the input down, or use codec mpeg4 (up to 8190 per side)";
        }
        if (codec == avcodec.AV_CODEC_ID_MPEG4 && (w > 8191 || h > 8191)) {
            return "the frames are " + w + "x" + h + " pixels; the MPEG-4 encoder takes at most 8190 per side:"
                    + " scale the input down";
        }
        return null;
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** One pipeline's file. The first frame waits for the second so that the frame rate comes from the source. */
    private final class Writer {
        final Path file;
        private final Java2DFrameConverter converter = new Java2DFrameConverter();
        private FFmpegFrameRecorder recorder;
        private FrameResult pending;
        private long firstTimestamp;
        private double rate;
        private long frames;

        Writer(Path file) {
            this.file = file;
        }

        void add(FrameResult r) {
            try {
                if (recorder == null) {
                    if (pending == null && fps <= 0) {
                        pending = r;
                        return;
                    }
                    FrameResult first = pending != null ? pending : r;
                    long dt = pending != null ? r.frame().timestampMicros() - pending.frame().timestampMicros() : 0;
                    // Under 10 frames/s the gap is most likely a live source's dropped frames, not its rate: use
                    // 30 (frames still sit at their own timestamps, the rate is only the time resolution).
                    double measured = dt > 0 ? Math.min(120, 1e6 / dt) : 0;
                    rate = fps > 0 ? fps : measured >= 10 ? measured : 30;
                    start(first);
                    if (pending != null) {
                        write(pending);
                        pending = null;
                    }
                }
                write(r);
            } catch (IllegalStateException e) {
                abandon();
                throw e;
            } catch (Exception e) {
                abandon();
                throw new IllegalStateException("video sink: writing " + file + " failed: " + e.getMessage(), e);
            }
        }

        /** After a failure: releases the encoder and removes the unfinished file. */
        void abandon() {
            pending = null;
            if (recorder != null) {
                try {
                    recorder.release();
                } catch (Exception e) {
                    LOG.fine(() -> "releasing the recorder of " + file + ": " + e);
                }
                recorder = null;
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.fine(() -> "removing " + file + ": " + e);
            }
        }

        private void start(FrameResult first) throws Exception {
            int w = first.frame().image().width();
            int h = first.frame().image().height();
            String problem = sizeProblem(w, h, codec);
            if (problem != null) {
                throw new IllegalStateException("video sink: cannot write " + file + ": " + problem);
            }
            recorder = new FFmpegFrameRecorder(file.toFile(), w - (w & 1), h - (h & 1), 0);
            recorder.setFormat("mp4");
            recorder.setVideoCodec(codec);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(rate);
            recorder.setVideoBitrate(bitrate);
            recorder.setGopSize((int) Math.max(1, Math.round(rate * 2)));
            recorder.start();
            firstTimestamp = first.frame().timestampMicros();
            LOG.info("video sink: writing " + file + " (" + (codec == avcodec.AV_CODEC_ID_H264 ? "H.264" : "MPEG-4") + ", "
                    + String.format(Locale.ROOT, "%.2f", rate) + " frames/s)");
        }

        private void write(FrameResult r) throws Exception {
            // Place the frame at its source time; never on or before the previous one (the encoder needs
            // strictly increasing timestamps).
            long slot = Math.round((r.frame().timestampMicros() - firstTimestamp) * rate / 1e6);
            if (slot > recorder.getFrameNumber()) {
                recorder.setFrameNumber((int) slot);
            }
            recorder.record(converter.convert(annotator.draw(r)), avutil.AV_PIX_FMT_BGR24);
            frames++;
        }

        void finish() throws Exception {
            if (pending != null) {
                rate = fps > 0 ? fps : 30;
                start(pending);
                write(pending);
                pending = null;
            }
            if (recorder != null) {
                recorder.stop();
                recorder.release();
                recorder = null;
                LOG.info("video sink: " + file + " finished, " + frames + " frames");
            }
        }
    }
}
