package org.emotionlens.filter.smoothing.internal;

import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionFilter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import java.util.List;

/**
 * {@code p_t = alpha * raw_t + (1 - alpha) * p_(t-1)} per track and class. A convex combination of distributions
 * is a distribution, so the output still sums to 1 (renormalised against rounding). The weight is per frame: with a
 * live source that drops frames, the time constant in seconds grows accordingly.
 */
@Component(configurationPid = EmaFilter.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = PredictionFilter.TYPE + "=ema")
@Designate(ocd = EmaConfig.class, factory = true)
public class EmaFilter implements PredictionFilter {
    static final String PID = "emotion.filter.ema";

    private final float alpha;
    private final long forgetMillis;

    @Activate
    public EmaFilter(EmaConfig config) {
        this(config.alpha(), config.forget_after_ms());
    }

    EmaFilter(double alpha, long forgetMillis) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("ema filter: alpha must be in (0, 1], got " + alpha);
        }
        this.alpha = (float) alpha;
        this.forgetMillis = forgetMillis;
    }

    private static final class Track {
        List<String> labels;
        float[] p;
    }

    @Override
    public PredictionSmoother open() {
        TrackStates<Track> tracks = new TrackStates<>(forgetMillis, Track::new);
        return (trackId, ts, raw) -> {
            Track t = tracks.get(trackId, ts);
            float[] r = raw.probabilities();
            if (t.p == null || !raw.labels().equals(t.labels)) {
                t.labels = raw.labels();
                t.p = Distributions.normalised(r);
            } else {
                for (int i = 0; i < r.length; i++) {
                    t.p[i] = alpha * r[i] + (1 - alpha) * t.p[i];
                }
                t.p = Distributions.normalised(t.p);
            }
            return new Prediction(raw.modelId(), raw.labels(), t.p.clone());
        };
    }

    @Override
    public String toString() {
        return "ema(alpha=" + alpha + ")";
    }
}
