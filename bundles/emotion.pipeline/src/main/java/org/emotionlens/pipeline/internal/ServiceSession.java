package org.emotionlens.pipeline.internal;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A per-run object opened from a stage's bound service (the landmarker's tracker, the filter's smoother): kept while
 * the same service stays bound, closed and reopened from the new one after a swap. Used by the loop thread only.
 *
 * @param <S> the service
 * @param <T> what it opens
 */
final class ServiceSession<S, T> {
    private final Function<S, T> open;
    private final Consumer<T> close;
    private S owner;
    private T session;

    ServiceSession(Function<S, T> open, Consumer<T> close) {
        this.open = open;
        this.close = close;
    }

    /** The session of {@code current}, opened now if there is none or it was opened from another service. */
    T of(S current) {
        if (session == null || owner != current) {
            close();
            session = open.apply(current);
            owner = current;
        }
        return session;
    }

    /** Closes the session (a failure to close is no reason to fail the run); the next call opens a new one. */
    void close() {
        if (session != null) {
            T s = session;
            session = null;
            owner = null;
            close.accept(s);
        }
    }
}
