package org.emotionlens.api;

import java.util.Map;

/**
 * One face in a frame, as far as the stages so far have described it.
 *
 * @param trackId     stable id of this face across frames of one stream (the face index when there is no tracking)
 * @param box         face box normalised to the image, or null when unknown (e.g. replayed features)
 * @param score       confidence that this is a face (detection or landmark presence score)
 * @param landmarks   478 x 3 landmarks (x, y normalised to the image, z on the x scale), or null
 * @param blendshapes 52 ARKit blendshape scores in MediaPipe's order ({@link Blendshapes#NAMES}), or null
 * @param attributes  extra facts carried with the face, e.g. {@code truth} (a ground-truth label) or
 *                    {@code source.index} (row or image index in a data set); never null
 * @param transform   MediaPipe's facial transformation matrix, 4 x 4 row-major (16 values): canonical face model
 *                    (centimetres) to the camera's metric space; or null when the landmarker computes none.
 *                    {@link HeadPose#of(float[])} gives yaw, pitch and roll from it
 * @since 1.2
 */
public record Face(int trackId, Box box, float score, float[] landmarks, float[] blendshapes,
        Map<String, String> attributes, float[] transform) {
    /** Attribute holding a ground-truth emotion label, when the source knows it. */
    public static final String TRUTH = "truth";
    /** Attribute holding the index of the face's source row or image in its data set. */
    public static final String SOURCE_INDEX = "source.index";

    public Face {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (transform != null && transform.length != 16) {
            throw new IllegalArgumentException("a transformation matrix has 16 values (4 x 4), got " + transform.length);
        }
    }

    /** A face without a transformation matrix (the form before 1.2). */
    public Face(int trackId, Box box, float score, float[] landmarks, float[] blendshapes,
            Map<String, String> attributes) {
        this(trackId, box, score, landmarks, blendshapes, attributes, null);
    }

    public Face withBlendshapes(float[] scores) {
        return new Face(trackId, box, score, landmarks, scores, attributes, transform);
    }

    /** @since 1.2 */
    public Face withTransform(float[] matrix) {
        return new Face(trackId, box, score, landmarks, blendshapes, attributes, matrix);
    }

    /** Yaw, pitch and roll from {@link #transform()}, or null when there is none. @since 1.2 */
    public HeadPose headPose() {
        return transform == null ? null : HeadPose.of(transform);
    }
}
