package org.emotionlens.api;

/**
 * Receives every frame result of the pipelines it is bound to. Implementations are thread-safe (several
 * pipelines may share one sink) and flush what they hold on {@link #flush()} and when they are deactivated.
 */
public interface PredictionSink {
    /** Service property naming the sink variant, e.g. {@code csv}, {@code web}. */
    String TYPE = "emotion.sink.type";

    void accept(FrameResult result);

    /** Writes out everything accepted so far. Called at end of input and when the pipeline lets the sink go. */
    void flush();
}
