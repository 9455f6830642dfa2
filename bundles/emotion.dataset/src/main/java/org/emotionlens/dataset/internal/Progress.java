package org.emotionlens.dataset.internal;

import java.io.PrintStream;

/** One updating stderr line: a bar, done/total, images per second and the time left; redrawn at most 5 times a second. */
final class Progress {
    private final PrintStream err;
    private final String what;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final long alreadyDone;
    private long lastDraw;

    Progress(PrintStream err, String what, long alreadyDone, long total) {
        this.err = err;
        this.what = what;
        this.alreadyDone = alreadyDone;
        this.total = total;
    }

    void update(long done, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        double secs = (now - startNanos) / 1e9;
        double rate = secs > 0 ? (done - alreadyDone) / secs : 0;
        long left = total - done;
        String eta = rate > 0 ? clock(left / rate) : "--:--";
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
        err.printf("\r%s [%s] %d/%d  %.1f img/s  ETA %s   ", what, bar, done, total, rate, eta);
        err.flush();
    }

    void finish(long done) {
        update(done, true);
        err.println();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
