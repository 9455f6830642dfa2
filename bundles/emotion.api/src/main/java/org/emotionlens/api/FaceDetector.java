package org.emotionlens.api;

import java.util.List;

/** Finds faces in an image. Implementations are thread-safe. */
public interface FaceDetector {
    /** Service property naming the detector variant, e.g. {@code blazeface}, {@code haar}. */
    String TYPE = "emotion.detector.type";

    /** Faces in descending score order; an empty list when there is none. */
    List<Detection> detect(Image image);
}
