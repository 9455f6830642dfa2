package org.emotionlens.filter.smoothing.internal;

import java.util.List;

/** Label stability of one label sequence with timestamps. */
record Stability(int frames, double seconds, int changes, double changesPerMinute, double meanDwellSeconds) {
    /**
     * @param labels     label per step
     * @param timestamps source time per step, microseconds
     * @param frameMicros duration of the last frame (the sequence covers first timestamp to last + this)
     */
    static Stability of(List<String> labels, long[] timestamps, long frameMicros) {
        int changes = 0;
        for (int i = 1; i < labels.size(); i++) {
            if (!labels.get(i).equals(labels.get(i - 1))) {
                changes++;
            }
        }
        double seconds = labels.isEmpty() ? 0
                : (timestamps[timestamps.length - 1] - timestamps[0] + frameMicros) / 1e6;
        return new Stability(labels.size(), seconds, changes, seconds > 0 ? changes / (seconds / 60) : 0,
                seconds / (changes + 1));
    }
}
