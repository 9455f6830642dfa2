package org.emotionlens.dataset.internal;

import java.util.List;

import org.emotionlens.api.Face;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.features.blendshapes.internal.BlendshapeExtractor;
import org.emotionlens.features.landmarks.internal.LandmarkFeatureExtractor;
import org.emotionlens.landmarker.internal.MediaPipeFaceLandmarker;
import org.emotionlens.models.ModelLocator;

/**
 * MediaPipe's face landmarker in IMAGE mode (BlazeFace detection, then the 478-point model on the best face) and
 * the blendshape model. One per worker thread: every analyzer owns its own TFLite interpreters (1 thread each).
 */
final class FaceAnalyzer implements AutoCloseable {
    /** The features of the one face found, or null when MediaPipe finds none. */
    record Result(float[] blendshapes, float[] landmarks) {
    }

    private final BlazeFaceDetector detector;
    private final MediaPipeFaceLandmarker landmarker;
    private final FaceTracker tracker;
    private final BlendshapeExtractor blendshapes;
    private final LandmarkFeatureExtractor landmarkFeatures = new LandmarkFeatureExtractor();

    FaceAnalyzer(ModelLocator models) {
        detector = BlazeFaceDetector.withDefaults(models, 1);
        landmarker = MediaPipeFaceLandmarker.withDefaults(models, 1);
        tracker = landmarker.open(new TrackerOptions(1, false));
        blendshapes = new BlendshapeExtractor(models.taskEntry(org.emotionlens.models.ModelFile.FACE_LANDMARKER,
                org.emotionlens.models.ModelFile.FACE_BLENDSHAPES_ENTRY), 1);
    }

    /** Null when no face is detected (or the landmark model says no face is present). */
    Result analyze(Image image, boolean withLandmarks) {
        List<Face> faces = tracker.process(image, 0, detector);
        if (faces.isEmpty()) {
            return null;
        }
        Face face = faces.get(0);
        float[] scores = blendshapes.scores(face.landmarks(), image.width(), image.height());
        float[] lm = null;
        if (withLandmarks) {
            FeatureVector v = landmarkFeatures.extract(new Frame("dataset", 0, 0, image, null), face);
            lm = v == null ? null : v.values();
        }
        return new Result(scores, lm);
    }

    static List<String> landmarkNames() {
        return new LandmarkFeatureExtractor().names();
    }

    @Override
    public void close() {
        tracker.close();
        landmarker.close();
        detector.close();
        blendshapes.close();
    }
}
