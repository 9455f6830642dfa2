package org.emotionlens.dataset.internal;

import java.util.Map;

import org.emotionlens.api.FaceResult;
import org.emotionlens.api.FrameResult;

/**
 * An analysed work item's journal row ({@link Journal.Row}'s layout), from the pipeline's result for its frame
 * ({@link ItemFrames}): kept with the first face's features, noface (zeros with {@code --no-filter}), or unreadable
 * with the reason.
 */
final class ItemRow {
    private final boolean filter;
    private final int width;

    /** @param width features per kept row: the 52 scores, then the landmark features with --landmarks */
    ItemRow(boolean filter, int width) {
        this.filter = filter;
        this.width = width;
    }

    String of(FrameResult result) {
        Map<String, String> m = result.frame().metadata();
        String identity = m.get(ItemFrames.LABEL) + "," + m.get(ItemFrames.CLASS) + ","
                + m.get(ItemFrames.SOURCE_INDEX) + "," + m.get(ItemFrames.AUGMENTATION);
        String start = result.frame().index() + "," + m.get(ItemFrames.SPLIT) + ",";
        String unreadable = m.get(ItemFrames.UNREADABLE);
        if (unreadable != null) {
            return start + "unreadable," + identity + "," + unreadable.replace(',', ';').replace('\n', ' ');
        }
        FaceResult face = result.faces().isEmpty() ? null : result.faces().get(0);
        float[] values;
        if (face != null && face.features() != null) {
            values = face.features().values();
        } else if (filter) {
            return start + "noface," + identity;
        } else {
            values = new float[width]; // --no-filter: zero scores
        }
        StringBuilder b = new StringBuilder(800);
        b.append(start).append("kept,").append(identity);
        for (float v : values) {
            b.append(',').append(v);
        }
        return b.toString();
    }
}
