package org.emotionlens.api;

/**
 * Thrown by a stage that was shut down while a caller still held it (bundle stopped, updated or swapped). The
 * work was not done; the caller retries it with the stage's replacement, so no frame is lost or counted twice.
 */
public class StageClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StageClosedException(String message) {
        super(message);
    }
}
