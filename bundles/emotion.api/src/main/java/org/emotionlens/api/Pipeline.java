package org.emotionlens.api;

import java.util.Map;

/**
 * A running pipeline. It is registered as a service whose properties describe its state, so that launchers
 * outside the framework can follow it without loading this class: {@link #STATE} and the summary counters.
 */
public interface Pipeline {
    /** Service property: the pipeline id (its configuration's {@code id}). */
    String ID = "emotion.pipeline.id";
    /** Service property: {@code waiting}, {@code running}, {@code finished} or {@code failed}. */
    String STATE = "emotion.pipeline.state";
    /** Service property: one-line summary, set when the pipeline has finished or failed. */
    String SUMMARY = "emotion.pipeline.summary";

    String id();

    /** Stage name -> a description of the service bound to it right now (or "unbound"). */
    Map<String, String> stages();

    /** Counters and latency figures so far. */
    PipelineStats stats();
}
