package org.emotionlens.api;

import java.util.List;

/**
 * One unit of input, as a source delivers it.
 *
 * @param sourceId        names the stream (file name, camera, URL, CSV)
 * @param index           0-based position in the stream
 * @param timestampMicros presentation time from the source, in microseconds since the start of the stream
 * @param image           the decoded picture, or null for sources that replay features
 * @param faces           faces the source already knows (feature replay, labelled data sets), or null when the
 *                        pipeline's detector and landmarker must find them
 */
public record Frame(String sourceId, long index, long timestampMicros, Image image, List<Face> faces) {
    public Frame {
        faces = faces == null ? null : List.copyOf(faces);
        if (image == null && faces == null) {
            throw new IllegalArgumentException("a frame needs an image or precomputed faces");
        }
    }

    public boolean hasPrecomputedFaces() {
        return faces != null;
    }
}
