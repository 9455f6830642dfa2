package org.emotionlens.models;

import java.nio.file.Path;

/**
 * A model file the project uses but does not ship.
 *
 * @param name    file name inside the models directory, e.g. {@code face_landmarker.task}
 * @param sha256  expected sha256, lower-case hex
 * @param source  where it comes from, for people (e.g. the MediaPipe model page or {@code npm pkg@ver:path})
 * @param licence its licence
 */
public record ModelFile(String name, String sha256, String source, String licence) {
    /** MediaPipe Face Landmarker v1, float16: detector, 478-landmark and blendshape models in one zip. */
    public static final ModelFile FACE_LANDMARKER = new ModelFile("face_landmarker.task",
            "64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff",
            "https://storage.googleapis.com/mediapipe-models/face_landmarker/face_landmarker/float16/1/face_landmarker.task",
            "Apache-2.0");

    /** Entry names inside {@link #FACE_LANDMARKER}. */
    public static final String FACE_DETECTOR_ENTRY = "face_detector.tflite";
    public static final String FACE_LANDMARKS_ENTRY = "face_landmarks_detector.tflite";
    public static final String FACE_BLENDSHAPES_ENTRY = "face_blendshapes.tflite";
    /** Canonical face mesh and Procrustes weights of the face geometry pipeline. @since 1.1 */
    public static final String GEOMETRY_METADATA_ENTRY = "geometry_pipeline_metadata_landmarks.binarypb";

    public Path in(Path dir) {
        return dir.resolve(name);
    }
}
