package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.image.Upscale;

/**
 * A work item as the frame the build's pipeline analyses: the sample decoded, flipped and rotated as the item says,
 * upscaled, its index the item's number in the journal, and the item's identity (split, label, class, source index,
 * augmentation) in the frame's metadata for the sink. An entry that cannot be decoded is a frame with no image and
 * no faces whose metadata says why, so it reaches the sink (and {@code dropped.csv}) in its place.
 */
final class ItemFrames {
    static final String SOURCE_ID = "dataset";
    static final String SPLIT = "split";
    static final String LABEL = "label";
    static final String CLASS = "class";
    static final String SOURCE_INDEX = "source_index";
    static final String AUGMENTATION = "augmentation";
    /** Present only on an entry that could not be decoded: why. */
    static final String UNREADABLE = "unreadable";

    private final BuildInput input;
    private final Labels labels;
    private final int upscale;

    ItemFrames(BuildInput input, Labels labels, int upscale) {
        this.input = input;
        this.labels = labels;
        this.upscale = upscale;
    }

    /** The frame of work item number {@code seq}. */
    Frame frame(long seq, WorkItem it) {
        Sample s = it.sample();
        Map<String, String> identity = new HashMap<>();
        identity.put(SPLIT, s.split());
        identity.put(LABEL, Integer.toString(labels.of(s)));
        identity.put(CLASS, s.className());
        identity.put(SOURCE_INDEX, Long.toString(s.sourceIndex()));
        identity.put(AUGMENTATION, it.tag());
        Image img;
        try {
            img = input.decode(s);
        } catch (IOException | RuntimeException e) {
            identity.put(UNREADABLE, String.valueOf(e.getMessage()));
            return new Frame(SOURCE_ID, seq, 0, null, List.of(), identity);
        }
        if (it.flip()) {
            img = Pixels.flip(img);
        }
        if (it.angle() != 0) {
            img = Pixels.rotate(img, it.angle());
        }
        // IMAGE mode: every frame stands alone, so all carry time 0 as the per-image analysis always did
        return new Frame(SOURCE_ID, seq, 0, Upscale.toLongerSide(img, upscale), null, identity);
    }
}
