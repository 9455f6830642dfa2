package org.emotionlens.pipeline.internal;

/** A stage stayed unbound longer than the pipeline waits for it. */
final class StageUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StageUnavailableException(String message) {
        super(message);
    }
}
