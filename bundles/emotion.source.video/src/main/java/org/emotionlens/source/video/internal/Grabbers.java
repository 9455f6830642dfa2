package org.emotionlens.source.video.internal;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.image.ImageConversion;
import org.emotionlens.api.SourceException;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/** Opening FFmpeg grabbers with a bound on time, and turning their frames into the API's packed RGB. */
final class Grabbers {
    private static final Logger LOG = Logger.getLogger("emotion.source.video");

    static {
        // FFmpeg prints every recoverable decoder complaint on stderr; keep errors only, through our log.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private Grabbers() {
    }

    static boolean isUrl(String input) {
        return input.matches("(?i)^[a-z][a-z0-9+.-]*://.*");
    }

    /**
     * Starts the grabber on a helper thread and waits at most {@code timeoutSeconds}: FFmpeg's own timeouts cover
     * sockets, this bound covers everything else (a probe that never ends, a device that never answers).
     */
    static void start(FFmpegFrameGrabber grabber, String what, int timeoutSeconds, String advice)
            throws SourceException {
        ExecutorService opener = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "emotion.source.video open " + what);
            t.setDaemon(true);
            return t;
        });
        Future<?> started = opener.submit(() -> {
            grabber.start();
            return null;
        });
        try {
            started.get(Math.max(1, timeoutSeconds), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            started.cancel(true);
            opener.submit(() -> release(grabber)); // runs after start() gives up; never blocks the caller
            throw new SourceException(what + " did not open within " + timeoutSeconds + " s; " + advice);
        } catch (ExecutionException e) {
            release(grabber);
            Throwable cause = e.getCause();
            throw new SourceException(what + " cannot be opened (" + ffmpegMessage(cause) + "); " + advice, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(grabber);
            throw new SourceException("interrupted while opening " + what, e);
        } finally {
            opener.shutdown();
        }
    }

    /** FFmpeg's error, without JavaCV's hints for programmers, with the errno said in words. */
    static String ffmpegMessage(Throwable t) {
        String m = t == null ? null : t.getMessage();
        if (m == null) {
            return t == null ? "unknown error" : t.getClass().getSimpleName();
        }
        m = m.replace('\n', ' ').replace("(Has setFormat() been called?)", "")
                .replace("(For more details, make sure FFmpegLogCallback.set() has been called.)", "").trim();
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("error (-\\d+)").matcher(m);
        if (code.find()) {
            String words = switch (Integer.parseInt(code.group(1))) {
                case -111 -> "connection refused";
                case -110 -> "timed out";
                case -113 -> "no route to host";
                case -101 -> "network unreachable";
                case -2 -> "no such file or device";
                case -13 -> "permission denied";
                case -5 -> "input/output error";
                case -1094995529 -> "invalid data found when processing input";
                case -1330794744 -> "protocol not found";
                case -1482175736 -> "server returned 404 not found";
                default -> null;
            };
            if (words != null) {
                m = words + ": " + m;
            }
        }
        return m;
    }

    static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (Exception | Error e) {
            LOG.fine("releasing grabber: " + e);
        }
    }

    /**
     * The grabber must deliver AV_PIX_FMT_RGB24 (set before start). Rows may be padded: JavaCV then reports
     * {@code imageChannels = stride / width} (4 for a 48-pixel RGB row padded to 192 bytes), so the channel count
     * is not checked; the stride is.
     */
    static Image rgb(Frame f) throws SourceException {
        if (f.image == null || f.image.length == 0 || !(f.image[0] instanceof ByteBuffer buf)) {
            throw new SourceException("decoder gave a frame without 8-bit pixels");
        }
        try {
            return ImageConversion.fromRgbRows(f.imageWidth, f.imageHeight, buf, f.imageStride);
        } catch (IllegalArgumentException e) {
            throw new SourceException("decoder gave a " + f.imageWidth + "x" + f.imageHeight + " frame that is not "
                    + "packed RGB: " + e.getMessage(), e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

}
