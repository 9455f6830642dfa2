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

/**
 * Label stability from prediction CSVs (the file sink's format), raw and through each smoothing filter with its
 * default settings: per pipeline and track, label changes per minute and mean dwell time.
 *
 * <pre>
 * java -cp &lt;classes:test-classes:emotion.api.jar&gt; org.emotionlens.filter.smoothing.internal.StabilityBench \
 *     [--csv out.csv] name=predictions.csv ...
 * </pre>
 * Prints a Markdown table (per track, then per name and filter over all tracks).
 */
public final class StabilityBench {
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

    /** Median spacing of a track's frames: the duration given to its last frame. */
    static long frameMicros(PredictionCsv.Track track) {
        long[] ts = timestamps(track);
        if (ts.length < 2) {
            return 0;
        }
        long[] d = new long[ts.length - 1];
        for (int i = 1; i < ts.length; i++) {
            d[i - 1] = ts[i] - ts[i - 1];
        }
        java.util.Arrays.sort(d);
        return d[d.length / 2];
    }

    public static void main(String[] args) throws IOException {
        Path csvOut = null;
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--csv")) {
                csvOut = Path.of(args[++i]);
            } else if (args[i].contains("=")) {
                inputs.put(args[i].substring(0, args[i].indexOf('=')), Path.of(args[i].substring(args[i].indexOf('=') + 1)));
            } else {
                throw new IllegalArgumentException("expected name=predictions.csv or --csv out.csv, got " + args[i]);
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("usage: StabilityBench [--csv out.csv] name=predictions.csv ...");
        }
        StringBuilder csv = new StringBuilder(
                "name,filter,track,frames,seconds,label_changes,changes_per_minute,mean_dwell_s\n");
        StringBuilder perTrack = new StringBuilder(
                "| name | filter | track | frames | seconds | label changes | changes/min | mean dwell (s) |\n"
                        + "|---|---|---|---:|---:|---:|---:|---:|\n");
        StringBuilder total = new StringBuilder(
                "| name | filter | tracks | frames | seconds | label changes | changes/min | mean dwell (s) |\n"
                        + "|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            List<PredictionCsv.Track> tracks = PredictionCsv.read(in.getValue());
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
                    perTrack.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.2f | %d | %.1f | %.2f |%n",
                            in.getKey(), f.getKey(), t.key(), s.frames(), s.seconds(), s.changes(),
                            s.changesPerMinute(), s.meanDwellSeconds()));
                }
                total.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %d | %.1f | %.2f |%n",
                        in.getKey(), f.getKey(), tracks.size(), frames, seconds, changes,
                        seconds > 0 ? changes / (seconds / 60) : 0, seconds / (changes + tracks.size())));
            }
        }
        System.out.println("### All tracks\n\n" + total + "\n### Per track\n\n" + perTrack);
        if (csvOut != null) {
            Files.writeString(csvOut, csv);
        }
    }
}
