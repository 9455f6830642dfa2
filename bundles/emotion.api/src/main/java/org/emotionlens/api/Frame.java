package org.emotionlens.api;

import java.util.List;
import java.util.Map;

/**
 * One unit of input, as a source delivers it.
 *
 * @param sourceId        names the stream (file name, camera, URL, CSV)
 * @param index           0-based position in the stream
 * @param timestampMicros presentation time from the source, in microseconds since the start of the stream
 * @param image           the decoded picture, or null for sources that replay features (or for an entry the
 *                        source could not decode, which it gives with no faces and says why in its metadata)
 * @param faces           faces the source already knows (feature replay, labelled data sets), or null when the
 *                        pipeline's detector and landmarker must find them
 * @param metadata        what the source knows about the frame beyond its pixels (e.g. a data-set item's split,
 *                        label and index), handed unchanged to the sinks; empty for most sources
 */
public record Frame(String sourceId, long index, long timestampMicros, Image image, List<Face> faces,
        Map<String, String> metadata) {
    public Frame {
        faces = faces == null ? null : List.copyOf(faces);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (image == null && faces == null) {
            throw new IllegalArgumentException("a frame needs an image or precomputed faces");
        }
    }

    /** A frame without metadata. */
    public Frame(String sourceId, long index, long timestampMicros, Image image, List<Face> faces) {
        this(sourceId, index, timestampMicros, image, faces, Map.of());
    }

    public boolean hasPrecomputedFaces() {
        return faces != null;
    }

    /** This frame with other faces (same source, index, time, image and metadata). */
    public Frame withFaces(List<Face> faces) {
        return new Frame(sourceId, index, timestampMicros, image, faces, metadata);
    }
}
