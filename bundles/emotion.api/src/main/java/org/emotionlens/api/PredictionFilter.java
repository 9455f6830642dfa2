package org.emotionlens.api;

/**
 * Post-processes predictions over time (smoothing, hysteresis). State belongs to one stream, so callers
 * {@link #open()} a {@link PredictionSmoother} per pipeline.
 */
public interface PredictionFilter {
    /** Service property naming the filter, e.g. {@code ema}, {@code hysteresis}. */
    String TYPE = "emotion.filter.type";

    PredictionSmoother open();

    /** Per-stream state of a filter. */
    interface PredictionSmoother {
        /** The smoothed prediction of the face with this track id at this time. */
        Prediction apply(int trackId, long timestampMicros, Prediction raw);
    }
}
