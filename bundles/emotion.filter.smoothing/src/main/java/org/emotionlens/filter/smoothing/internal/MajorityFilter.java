package org.emotionlens.filter.smoothing.internal;

import org.emotionlens.api.PredictionFilter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Majority vote per track over the last {@code window} raw labels (ties keep the label shown last, else the newest
 * tied label wins). The probabilities are the window's mean distribution, with the majority label's entry exchanged
 * with the leader's when they differ, so the output is a distribution labelled with the majority.
 */
@Component(configurationPid = MajorityFilter.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = PredictionFilter.TYPE + "=majority")
@Designate(ocd = MajorityConfig.class, factory = true)
public class MajorityFilter implements PredictionFilter {
    static final String PID = "emotion.filter.majority";

    private final int window;
    private final long forgetMillis;

    @Activate
    public MajorityFilter(MajorityConfig config) {
        this(config.window(), config.forget_after_ms());
    }

    MajorityFilter(int window, long forgetMillis) {
        if (window < 1) {
            throw new IllegalArgumentException("majority filter: window must be at least 1 frame, got " + window);
        }
        this.window = window;
        this.forgetMillis = forgetMillis;
    }

    private static final class Track {
        List<String> labels;
        final Deque<float[]> recent = new ArrayDeque<>();
        int shown = -1;
    }

    @Override
    public PredictionSmoother open() {
        TrackStates<Track> tracks = new TrackStates<>(forgetMillis, Track::new);
        return (trackId, ts, raw) -> {
            Track t = tracks.get(trackId, ts);
            if (!raw.labels().equals(t.labels)) {
                t.labels = raw.labels();
                t.recent.clear();
                t.shown = -1;
            }
            t.recent.addLast(raw.probabilities().clone());
            if (t.recent.size() > window) {
                t.recent.removeFirst();
            }
            int n = raw.labels().size();
            int[] votes = new int[n];
            int[] newest = new int[n];
            float[] mean = new float[n];
            int age = 0;
            for (float[] p : t.recent) {
                int b = Distributions.argmax(p);
                votes[b]++;
                newest[b] = ++age;
                for (int i = 0; i < n; i++) {
                    mean[i] += p[i] / t.recent.size();
                }
            }
            int winner = t.shown >= 0 ? t.shown : 0;
            for (int i = 0; i < n; i++) {
                boolean tieWon = votes[i] == votes[winner] && winner != t.shown
                        && (i == t.shown || newest[i] > newest[winner]);
                if (votes[i] > votes[winner] || tieWon) {
                    winner = i;
                }
            }
            t.shown = winner;
            return Distributions.withLabel(raw, Distributions.normalised(mean), winner);
        };
    }

    @Override
    public String toString() {
        return "majority(window=" + window + ")";
    }
}
