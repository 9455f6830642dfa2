package org.emotionlens.landmarker.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.emotionlens.api.FaceLandmarker;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.models.ModelFile;
import org.emotionlens.models.ModelLocator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MediaPipe Face Landmarker (face_landmarks_detector.tflite of face_landmarker.task) as a {@link FaceLandmarker}.
 * Each face also gets the facial transformation matrix of the task's geometry pipeline ({@link FaceGeometry}, with
 * geometry_pipeline_metadata_landmarks.binarypb of the same task). Each {@link #open opened} tracker owns its own
 * interpreter (streams run in parallel without locks); deactivation closes every tracker still open.
 */
@Component(configurationPid = MediaPipeFaceLandmarker.PID, service = FaceLandmarker.class, immediate = true,
        property = FaceLandmarker.TYPE + "=mediapipe")
@Designate(ocd = MediaPipeFaceLandmarker.Config.class)
public final class MediaPipeFaceLandmarker implements FaceLandmarker, AutoCloseable {
    public static final String PID = "emotion.landmarker";

    @ObjectClassDefinition(name = "EmotionLens MediaPipe face landmarker")
    public @interface Config {
        @AttributeDefinition(description = "face_landmarker.task (sha256-checked) or a face_landmarks_detector.tflite; "
                + "empty: face_landmarker.task from the models directory")
        String model_path() default "";

        @AttributeDefinition(description = "models directory holding face_landmarker.task; empty: the ModelLocator's")
        String models_dir() default "";

        @AttributeDefinition(description = "a face is present iff sigmoid(presence) > this")
        float min_face_presence_confidence() default 0.5f;

        @AttributeDefinition(description = "VIDEO mode: a detection and a tracked ROI are the same face iff IoU > this")
        float min_tracking_confidence() default 0.5f;

        @AttributeDefinition(description = "TFLite interpreter threads (default 1: one thread per tracker's"
                + " interpreter, as before). More lets TFLite and its XNNPACK delegate split one inference; it pays only on idle cores, since the frame loop already overlaps its stages"
                + " and sinks. At least 1.")
        int threads() default 1;

        @AttributeDefinition(description = "Faces of one frame landmarked at once, each on its own interpreter (one"
                + " more thread per face beyond the first). Default 1: one face after another on the pipeline's thread,"
                + " as before. More pays only with several faces and a free core (docs/pipeline). At least 1.")
        int face_threads() default 1;
    }

    private final byte[] tflite;
    private final FaceGeometry geometry;
    private final float minPresence;
    private final float minTracking;
    private final int threads;
    private final int faceThreads;
    private final Set<MediaPipeTracker> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Activate
    public MediaPipeFaceLandmarker(@Reference ModelLocator locator, Config config) {
        this(locator.taskEntry(config.model_path(), config.models_dir(), ModelFile.FACE_LANDMARKS_ENTRY),
                // a single .tflite configured for experiments has no geometry: the task's metadata then
                locator.taskEntry(config.model_path().endsWith(".tflite") ? "" : config.model_path(),
                        config.models_dir(), ModelFile.GEOMETRY_METADATA_ENTRY),
                config.min_face_presence_confidence(), config.min_tracking_confidence(), config.threads(),
                config.face_threads());
    }

    /** Without a framework: the model's and the geometry metadata's bytes and MediaPipe's thresholds. */
    public MediaPipeFaceLandmarker(byte[] faceLandmarksTflite, byte[] geometryMetadata, float minFacePresenceConfidence,
            float minTrackingConfidence, int threads) {
        this(faceLandmarksTflite, geometryMetadata, minFacePresenceConfidence, minTrackingConfidence, threads, 1);
    }

    /** As above, with {@code faceThreads} faces of a frame landmarked at once. */
    public MediaPipeFaceLandmarker(byte[] faceLandmarksTflite, byte[] geometryMetadata, float minFacePresenceConfidence,
            float minTrackingConfidence, int threads, int faceThreads) {
        if (faceThreads < 1) {
            throw new IllegalArgumentException("face.threads must be at least 1, got " + faceThreads);
        }
        this.faceThreads = faceThreads;
        this.tflite = faceLandmarksTflite.clone();
        this.geometry = new FaceGeometry(geometryMetadata);
        this.minPresence = minFacePresenceConfidence;
        this.minTracking = minTrackingConfidence;
        this.threads = threads;
        // fail at activation, not at the first frame, when the model is wrong
        new LandmarkModel(tflite, 1).close();
    }

    public static MediaPipeFaceLandmarker withDefaults(ModelLocator locator, int threads) {
        return new MediaPipeFaceLandmarker(locator.taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.FACE_LANDMARKS_ENTRY),
                locator.taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.GEOMETRY_METADATA_ENTRY), 0.5f, 0.5f, threads);
    }

    @Override
    public FaceTracker open(TrackerOptions options) {
        if (closed) {
            throw new StageClosedException("MediaPipe face landmarker was shut down");
        }
        List<LandmarkModel> models = new ArrayList<>();
        for (int k = 0; k < Math.max(1, Math.min(faceThreads, options.maxFaces())); k++) {
            models.add(new LandmarkModel(tflite, threads));
        }
        MediaPipeTracker t = new MediaPipeTracker(options, minPresence, minTracking, models, geometry, open::remove);
        open.add(t);
        return t;
    }

    @Deactivate
    @Override
    public void close() {
        closed = true;
        for (MediaPipeTracker t : new ArrayList<>(open)) {
            t.close();
        }
    }

    /** Trackers not closed yet. */
    List<MediaPipeTracker> openTrackers() {
        return List.copyOf(open);
    }
}
