package org.emotionlens.filter.smoothing.internal;

import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Label stability from prediction CSVs (the file sink's format), raw and through each smoothing filter with its
 * default settings: per pipeline and track, label changes per minute and mean dwell time. Run by
 * {@code docs/live/stability.sh}, which writes docs/live/stability.md and stability.csv from its output.
 *
 * <pre>
 * StabilityBench [--csv out.csv] [--markdown out.md] [--report compare-report.csv] name=predictions.csv ...
 * StabilityBench --online [--markdown out.md] raw=predictions.csv ema=predictions.csv hysteresis=... majority=...
 * </pre>
 * The first form prints (and writes) Markdown tables over all tracks and over the long tracks (at least
 * {@value #LONG_TRACK} frames), and every track of every name and filter as CSV. With {@code --report} it also
 * compares each name's raw figures with the row of its pipeline in an {@code emotionlens compare} report.csv
 * (same definition: label changes over the summed track time, each track lasting from its first timestamp to its
 * last plus its mean frame spacing) and exits with status 1 when they differ.
 *
 * <p>The second form checks the filters inside the pipeline: {@code raw} is a run without a filter, each other
 * input a run of the same profile with that filter; the filter applied here to the raw run must give the labels the
 * pipeline gave, face-frame by face-frame (status 1 otherwise).
 */
public final class StabilityBench {
    /** Tracks at least this long are listed one by one in the Markdown. */
    static final int LONG_TRACK = 50;

    private StabilityBench() {
    }

    static Map<String, PredictionFilter> filters() {
        Map<String, PredictionFilter> f = new LinkedHashMap<>();
        f.put("none", null);
        f.put("ema(alpha=0.3)", new EmaFilter(0.3, 1000));
        f.put("hysteresis(margin=0.15,frames=5)", new HysteresisFilter(0.15, 5, 1000));
        f.put("majority(window=9)", new MajorityFilter(9, 1000));
        return f;
    }

    /** The labels a filter (null: none) gives a track, in order. */
    static List<String> labels(PredictionCsv.Track track, PredictionFilter filter) {
        PredictionFilter.PredictionSmoother s = filter == null ? null : filter.open();
        List<String> out = new ArrayList<>();
        for (PredictionCsv.Step step : track.steps()) {
            Prediction p = s == null ? step.prediction() : s.apply(track.face(), step.timestampMicros(), step.prediction());
            out.add(p.label());
        }
        return out;
    }

    static long[] timestamps(PredictionCsv.Track track) {
        return track.steps().stream().mapToLong(PredictionCsv.Step::timestampMicros).toArray();
    }

    /**
     * Mean spacing of a track's frames (0 for one frame): the duration given to its last frame. The same rule as
     * {@code emotionlens compare}'s report, so that raw figures here equal the report's.
     */
    static long frameMicros(PredictionCsv.Track track) {
        long[] ts = timestamps(track);
        return ts.length < 2 ? 0 : (ts[ts.length - 1] - ts[0]) / (ts.length - 1);
    }

    /** Totals of one name and filter over all its tracks. */
    record Total(int tracks, int frames, double seconds, int changes) {
        double perMinute() {
            return seconds > 0 ? changes / (seconds / 60) : 0;
        }

        double meanDwell() {
            return seconds / (changes + tracks);
        }
    }

    public static void main(String[] args) throws IOException {
        Path csvOut = null;
        Path markdownOut = null;
        Path report = null;
        boolean online = false;
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--csv" -> csvOut = Path.of(args[++i]);
                case "--markdown" -> markdownOut = Path.of(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                case "--online" -> online = true;
                default -> {
                    int eq = args[i].indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("expected name=predictions.csv or an option, got " + args[i]);
                    }
                    inputs.put(args[i].substring(0, eq), Path.of(args[i].substring(eq + 1)));
                }
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("usage: StabilityBench [--csv out.csv] [--markdown out.md] "
                    + "[--report report.csv] name=predictions.csv ... | --online [--markdown out.md] raw=a.csv "
                    + "ema|hysteresis|majority=b.csv ...");
        }
        boolean ok = online ? online(inputs, markdownOut) : offline(inputs, csvOut, markdownOut, report);
        if (!ok) {
            System.exit(1);
        }
    }

    /** What one offline run gives: every track as CSV, the Markdown tables, and whether the report check passed. */
    record Output(String csv, String markdown, boolean ok) {
    }

    static boolean offline(Map<String, Path> inputs, Path csvOut, Path markdownOut, Path report) throws IOException {
        Output o = measure(inputs, report);
        System.out.println(o.markdown());
        if (csvOut != null) {
            Files.writeString(csvOut, o.csv());
        }
        if (markdownOut != null) {
            Files.writeString(markdownOut, o.markdown());
        }
        return o.ok();
    }

    static Output measure(Map<String, Path> inputs, Path report) throws IOException {
        StringBuilder csv = new StringBuilder(
                "name,filter,track,frames,seconds,label_changes,changes_per_minute,mean_dwell_s\n");
        StringBuilder longTracks = new StringBuilder(
                "| name | filter | track | frames | seconds | label changes | changes/min | mean dwell (s) |\n"
                        + "|---|---|---|---:|---:|---:|---:|---:|\n");
        StringBuilder total = new StringBuilder(
                "| name | pipeline | filter | tracks | frames | seconds | label changes | changes/min | mean dwell (s) |\n"
                        + "|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Total> raw = new LinkedHashMap<>();
        Map<String, String> pipelines = new LinkedHashMap<>();
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            List<PredictionCsv.Track> tracks = PredictionCsv.read(in.getValue());
            String pipeline = String.join(" ", tracks.stream().map(PredictionCsv.Track::pipeline).distinct().toList());
            pipelines.put(in.getKey(), pipeline);
            for (Map.Entry<String, PredictionFilter> f : filters().entrySet()) {
                int frames = 0;
                int changes = 0;
                double seconds = 0;
                for (PredictionCsv.Track t : tracks) {
                    Stability s = Stability.of(labels(t, f.getValue()), timestamps(t), frameMicros(t));
                    frames += s.frames();
                    changes += s.changes();
                    seconds += s.seconds();
                    csv.append(String.format(Locale.ROOT, "%s,\"%s\",%s,%d,%.2f,%d,%.1f,%.2f%n", in.getKey(),
                            f.getKey(), t.key(), s.frames(), s.seconds(), s.changes(), s.changesPerMinute(),
                            s.meanDwellSeconds()));
                    if (s.frames() >= LONG_TRACK) {
                        longTracks.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.2f | %d | %.1f | %.2f |%n",
                                in.getKey(), f.getKey(), t.key(), s.frames(), s.seconds(), s.changes(),
                                s.changesPerMinute(), s.meanDwellSeconds()));
                    }
                }
                Total tot = new Total(tracks.size(), frames, seconds, changes);
                if (f.getValue() == null) {
                    raw.put(in.getKey(), tot);
                }
                total.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %.2f | %d | %.2f | %.2f |%n",
                        in.getKey(), pipeline, f.getKey(), tot.tracks(), tot.frames(), tot.seconds(), tot.changes(),
                        tot.perMinute(), tot.meanDwell()));
            }
        }
        StringBuilder md = new StringBuilder("### All tracks\n\n").append(total)
                .append("\n### Tracks of at least ").append(LONG_TRACK).append(" frames\n\n").append(longTracks);
        boolean ok = true;
        if (report != null) {
            StringBuilder check = new StringBuilder("\n### Raw figures beside the compare report\n\n"
                    + "| name | pipeline | changes/min here | changes/min in " + report.getFileName()
                    + " | mean dwell (s) here | mean dwell (s) there | equal |\n|---|---|---:|---:|---:|---:|---|\n");
            Map<String, String[]> rows = compareReport(report);
            for (Map.Entry<String, Total> r : raw.entrySet()) {
                String pipeline = pipelines.get(r.getKey());
                String[] row = rows.get(pipeline);
                String here = String.format(Locale.ROOT, "%.3f", r.getValue().perMinute());
                String hereDwell = String.format(Locale.ROOT, "%.3f", r.getValue().meanDwell());
                boolean equal = row != null && here.equals(row[0]) && hereDwell.equals(row[1]);
                ok &= equal;
                check.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.getKey(), pipeline,
                        here, row == null ? "(no row)" : row[0], hereDwell, row == null ? "(no row)" : row[1],
                        equal ? "yes" : "NO"));
            }
            md.append(check);
            if (!ok) {
                System.err.println("error: raw stability differs from " + report + " (see the table); the predictions"
                        + " are not those the report was made from");
            }
        }
        return new Output(csv.toString(), md.toString(), ok);
    }

    /** variant -> {changes_per_minute, mean_dwell_s} as written (3 decimals) in a compare report.csv. */
    static Map<String, String[]> compareReport(Path report) throws IOException {
        List<String> lines = Files.readAllLines(report);
        List<String> header = List.of(PredictionCsv.split(lines.get(0)));
        int variant = header.indexOf("variant");
        int perMinute = header.indexOf("changes_per_minute");
        int dwell = header.indexOf("mean_dwell_s");
        if (variant < 0 || perMinute < 0 || dwell < 0) {
            throw new IOException(report + ": expected the columns variant, changes_per_minute and mean_dwell_s of a"
                    + " compare report.csv, got " + header);
        }
        Map<String, String[]> m = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = PredictionCsv.split(line);
            if (c.length > Math.max(perMinute, dwell)) {
                m.put(c[variant], new String[] {c[perMinute], c[dwell]});
            }
        }
        return m;
    }

    /** The filter whose name starts with the given word (ema, hysteresis, majority). */
    static Map.Entry<String, PredictionFilter> filter(String word) {
        return filters().entrySet().stream().filter(e -> e.getValue() != null && e.getKey().startsWith(word + "("))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no filter '" + word + "'; expected one of "
                        + filters().keySet().stream().filter(k -> !k.equals("none")).map(k -> k.substring(0, k.indexOf('(')))
                                .toList()));
    }

    static boolean online(Map<String, Path> inputs, Path markdownOut) throws IOException {
        Path rawPath = inputs.get("raw");
        if (rawPath == null) {
            throw new IllegalArgumentException("--online needs raw=predictions.csv (a run without a filter)");
        }
        List<PredictionCsv.Track> raw = PredictionCsv.read(rawPath);
        StringBuilder md = new StringBuilder("| predictions | tracks | frames | label changes | changes/min |"
                + " labels equal to the pipeline's (face-frames) |\n|---|---:|---:|---:|---:|---|\n");
        md.append(onlineRow("raw run, no filter", raw, null, null));
        boolean ok = true;
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (in.getKey().equals("raw")) {
                continue;
            }
            Map.Entry<String, PredictionFilter> f = filter(in.getKey());
            List<PredictionCsv.Track> filtered = PredictionCsv.read(in.getValue());
            // Offline: this bench applies the filter to the raw run; online: the pipeline's own output.
            Map<String, String> offline = new TreeMap<>();
            for (PredictionCsv.Track t : raw) {
                List<String> l = labels(t, f.getValue());
                for (int i = 0; i < l.size(); i++) {
                    offline.put(t.face() + "/" + t.steps().get(i).frame(), l.get(i));
                }
            }
            Map<String, String> pipeline = new TreeMap<>();
            for (PredictionCsv.Track t : filtered) {
                for (PredictionCsv.Step s : t.steps()) {
                    pipeline.put(t.face() + "/" + s.frame(), s.prediction().label());
                }
            }
            long equal = offline.entrySet().stream().filter(e -> e.getValue().equals(pipeline.get(e.getKey()))).count();
            boolean same = offline.keySet().equals(pipeline.keySet()) && equal == offline.size();
            ok &= same;
            String agreement = equal + " of " + Math.max(offline.size(), pipeline.size()) + (same ? "" : " (DIFFERENT)");
            md.append(onlineRow(f.getKey() + " applied by StabilityBench to the raw run", raw, f.getValue(), agreement));
            md.append(onlineRow(f.getKey() + " applied by the pipeline", filtered, null, agreement));
        }
        System.out.println(md);
        if (markdownOut != null) {
            Files.writeString(markdownOut, md);
        }
        if (!ok) {
            System.err.println("error: a filter applied by the pipeline gave other labels than the same filter applied"
                    + " here to the raw run");
        }
        return ok;
    }

    private static String onlineRow(String what, List<PredictionCsv.Track> tracks, PredictionFilter f, String agreement) {
        int frames = 0;
        int changes = 0;
        double seconds = 0;
        for (PredictionCsv.Track t : tracks) {
            Stability s = Stability.of(labels(t, f), timestamps(t), frameMicros(t));
            frames += s.frames();
            changes += s.changes();
            seconds += s.seconds();
        }
        Total tot = new Total(tracks.size(), frames, seconds, changes);
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %s |%n", what, tot.tracks(), tot.frames(),
                tot.changes(), tot.perMinute(), agreement == null ? "" : agreement);
    }
}
