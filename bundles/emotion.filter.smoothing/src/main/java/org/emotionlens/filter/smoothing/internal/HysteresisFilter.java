package org.emotionlens.filter.smoothing.internal;

import org.emotionlens.api.PredictionFilter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import java.util.List;

/**
 * Label hysteresis per track: the first label is taken as is; afterwards a challenger takes over only when, for
 * {@code frames} consecutive frames, it is the most probable class and leads the held label by more than
 * {@code margin}. While the held label is not the raw argmax, its probability and the leader's are exchanged (see
 * {@link Distributions#withLabel}), so the output stays a distribution whose label is the held one.
 */
@Component(configurationPid = HysteresisFilter.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = PredictionFilter.TYPE + "=hysteresis")
@Designate(ocd = HysteresisConfig.class, factory = true)
public class HysteresisFilter implements PredictionFilter {
    static final String PID = "emotion.filter.hysteresis";

    private final float margin;
    private final int frames;
    private final long forgetMillis;

    @Activate
    public HysteresisFilter(HysteresisConfig config) {
        this(config.margin(), config.frames(), config.forget_after_ms());
    }

    HysteresisFilter(double margin, int frames, long forgetMillis) {
        if (margin < 0 || margin >= 1) {
            throw new IllegalArgumentException("hysteresis filter: margin must be in [0, 1), got " + margin);
        }
        if (frames < 1) {
            throw new IllegalArgumentException("hysteresis filter: frames must be at least 1, got " + frames);
        }
        this.margin = (float) margin;
        this.frames = frames;
        this.forgetMillis = forgetMillis;
    }

    private static final class Track {
        List<String> labels;
        int held = -1;
        int challenger = -1;
        int run;
    }

    @Override
    public PredictionSmoother open() {
        TrackStates<Track> tracks = new TrackStates<>(forgetMillis, Track::new);
        return (trackId, ts, raw) -> {
            Track t = tracks.get(trackId, ts);
            float[] p = raw.probabilities();
            int best = Distributions.argmax(p);
            if (t.held < 0 || !raw.labels().equals(t.labels)) {
                t.labels = raw.labels();
                t.held = best;
                t.challenger = -1;
                t.run = 0;
            } else if (best != t.held && p[best] - p[t.held] > margin) {
                t.run = best == t.challenger ? t.run + 1 : 1;
                t.challenger = best;
                if (t.run >= frames) {
                    t.held = best;
                    t.challenger = -1;
                    t.run = 0;
                }
            } else {
                t.challenger = -1;
                t.run = 0;
            }
            return Distributions.withLabel(raw, p, t.held);
        };
    }

    @Override
    public String toString() {
        return "hysteresis(margin=" + margin + ", frames=" + frames + ")";
    }
}
