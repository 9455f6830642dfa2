package org.emotionlens.sink.web.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last few JPEGs by sequence number, for pages still fetching an older one while the publisher made newer ones.
 */
final class ImageStore {
    record EncodedImage(long seq, byte[] jpeg) {
    }

    private final AtomicReference<EncodedImage>[] images;

    @SuppressWarnings("unchecked")
    ImageStore(int kept) {
        images = new AtomicReference[kept];
        Arrays.setAll(images, i -> new AtomicReference<>());
    }

    void put(long seq, byte[] jpeg) {
        images[slot(seq)].set(new EncodedImage(seq, jpeg));
    }

    /** Image {@code seq}, or null when it was never made or a newer one replaced it. */
    EncodedImage get(long seq) {
        EncodedImage e = images[slot(seq)].get();
        return e != null && e.seq() == seq ? e : null;
    }

    EncodedImage latest() {
        EncodedImage best = null;
        for (AtomicReference<EncodedImage> r : images) {
            EncodedImage e = r.get();
            if (e != null && (best == null || e.seq() > best.seq())) {
                best = e;
            }
        }
        return best;
    }

    private int slot(long seq) {
        return (int) Math.floorMod(seq, (long) images.length);
    }
}
