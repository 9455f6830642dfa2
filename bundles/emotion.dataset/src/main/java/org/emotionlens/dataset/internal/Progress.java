package org.emotionlens.dataset.internal;

import java.io.PrintStream;

/**
 * Progress of a long step. On a terminal: one line redrawn in place (a bar, done/total, images per second, time
 * left), at most 5 times a second. Otherwise (a log file, a pipe): a plain line every 10 % or every minute,
 * whichever comes first, so logs stay short.
 */
final class Progress {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final long LOG_NANOS = 60_000_000_000L;

    private final PrintStream err;
    private final String what;
    private final long total;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final long alreadyDone;
    private long lastDraw;
    private long lastLoggedTenth;
    private long lastLoggedDone = -1;

    Progress(PrintStream err, String what, long alreadyDone, long total) {
        this(err, what, alreadyDone, total, System.console() != null);
    }

    Progress(PrintStream err, String what, long alreadyDone, long total, boolean terminal) {
        this.err = err;
        this.what = what;
        this.alreadyDone = alreadyDone;
        this.total = total;
        this.terminal = terminal;
        this.lastDraw = startNanos;
        this.lastLoggedTenth = total == 0 ? 10 : alreadyDone * 10 / total;
    }

    void update(long done, boolean force) {
        long now = System.nanoTime();
        if (terminal) {
            if (force || now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                err.print("\r" + line(done, now, true) + "   ");
                err.flush();
            }
            return;
        }
        long tenth = total == 0 ? 10 : done * 10 / total;
        if ((force || tenth > lastLoggedTenth || now - lastDraw >= LOG_NANOS) && done != lastLoggedDone) {
            lastDraw = now;
            lastLoggedTenth = tenth;
            lastLoggedDone = done;
            err.println(line(done, now, false));
        }
    }

    void finish(long done) {
        update(done, true);
        if (terminal) {
            err.println();
        }
    }

    private String line(long done, long now, boolean bar) {
        double secs = (now - startNanos) / 1e9;
        double rate = secs > 0 ? (done - alreadyDone) / secs : 0;
        String eta = rate > 0 ? clock((total - done) / rate) : "--:--";
        String b = "";
        if (bar) {
            int width = 30;
            int filled = total == 0 ? width : (int) (width * done / total);
            b = "[" + "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "") + "] ";
        }
        return String.format("%s %s%d/%d  %.1f img/s  ETA %s", what.strip(), b, done, total, rate, eta);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
