package org.emotionlens.filter.smoothing.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Per-track state of one stream. A track not seen for {@code forgetMicros} (stream time) is forgotten, so a new
 * face that reuses an id starts fresh and state does not grow without bound on a long live stream.
 */
final class TrackStates<S> {
    private final long forgetMicros;
    private final Supplier<S> fresh;
    private final Map<Integer, Entry<S>> states = new HashMap<>();
    private long lastSweep = Long.MIN_VALUE;

    private static final class Entry<S> {
        final S state;
        long lastSeen;

        Entry(S state, long lastSeen) {
            this.state = state;
            this.lastSeen = lastSeen;
        }
    }

    TrackStates(long forgetMillis, Supplier<S> fresh) {
        this.forgetMicros = Math.max(0, forgetMillis) * 1000;
        this.fresh = fresh;
    }

    /** The state of this track at this time: a fresh one when the track is new or was gone too long. */
    S get(int trackId, long timestampMicros) {
        sweep(timestampMicros);
        Entry<S> e = states.get(trackId);
        if (e == null || timestampMicros - e.lastSeen > forgetMicros || timestampMicros < e.lastSeen) {
            e = new Entry<>(fresh.get(), timestampMicros);
            states.put(trackId, e);
        }
        e.lastSeen = timestampMicros;
        return e.state;
    }

    int size() {
        return states.size();
    }

    private void sweep(long now) {
        if (lastSweep != Long.MIN_VALUE && now - lastSweep < forgetMicros) {
            return;
        }
        lastSweep = now;
        for (Iterator<Entry<S>> it = states.values().iterator(); it.hasNext();) {
            if (now - it.next().lastSeen > forgetMicros) {
                it.remove();
            }
        }
    }
}
