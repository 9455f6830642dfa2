package org.emotionlens.features.blendshapes.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.lib.tflite.TfliteModel;
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
 * FACTS 5: the 52 blendshapes of a face. Faces that already carry scores (replayed data) pass them through; else
 * face_blendshapes.tflite runs on MediaPipe's 146-landmark subset in pixels of the frame image. Thread-safe: each
 * concurrent caller borrows an interpreter from a pool (as many as callers ever ran at once), closed on deactivation.
 */
@Component(configurationPid = BlendshapeExtractor.PID, service = FeatureExtractor.class, immediate = true,
        property = FeatureExtractor.KIND + "=" + BlendshapeExtractor.KIND)
@Designate(ocd = BlendshapeExtractor.Config.class)
public final class BlendshapeExtractor implements FeatureExtractor, AutoCloseable {
    public static final String PID = "emotion.features.blendshapes";
    public static final String KIND = "blendshapes";

    /** MediaPipe's kLandmarksSubsetIdxs: the 146 landmarks the blendshape model reads, in its input order. */
    static final int[] SUBSET = {0, 1, 4, 5, 6, 7, 8, 10, 13, 14, 17, 21, 33, 37, 39,
        40, 46, 52, 53, 54, 55, 58, 61, 63, 65, 66, 67, 70, 78, 80,
        81, 82, 84, 87, 88, 91, 93, 95, 103, 105, 107, 109, 127, 132, 133,
        136, 144, 145, 146, 148, 149, 150, 152, 153, 154, 155, 157, 158, 159, 160,
        161, 162, 163, 168, 172, 173, 176, 178, 181, 185, 191, 195, 197, 234, 246,
        249, 251, 263, 267, 269, 270, 276, 282, 283, 284, 285, 288, 291, 293, 295,
        296, 297, 300, 308, 310, 311, 312, 314, 317, 318, 321, 323, 324, 332, 334,
        336, 338, 356, 361, 362, 365, 373, 374, 375, 377, 378, 379, 380, 381, 382,
        384, 385, 386, 387, 388, 389, 390, 397, 398, 400, 402, 405, 409, 415, 454,
        466, 468, 469, 470, 471, 472, 473, 474, 475, 476, 477};

    @ObjectClassDefinition(name = "EmotionLens blendshape features")
    public @interface Config {
        @AttributeDefinition(description = "face_landmarker.task (sha256-checked) or a face_blendshapes.tflite; empty: "
                + "face_landmarker.task from the models directory")
        String model_path() default "";

        @AttributeDefinition(description = "models directory holding face_landmarker.task; empty: the ModelLocator's")
        String models_dir() default "";

        @AttributeDefinition(description = "TFLite interpreter threads (default 1: one thread per interpreter, as"
                + " before). More lets TFLite and its XNNPACK delegate split one inference; it pays only on idle cores, since the frame loop already overlaps its stages"
                + " and sinks. At least 1.")
        int threads() default 1;
    }

    private final byte[] tflite;
    private final int threads;
    private final ConcurrentLinkedDeque<TfliteModel> idle = new ConcurrentLinkedDeque<>();
    private final List<TfliteModel> all = new ArrayList<>();
    private volatile boolean closed;

    @Activate
    public BlendshapeExtractor(@Reference ModelLocator locator, Config config) {
        this(locator.taskEntry(config.model_path(), config.models_dir(), ModelFile.FACE_BLENDSHAPES_ENTRY),
                config.threads());
    }

    public BlendshapeExtractor(byte[] faceBlendshapesTflite, int threads) {
        this.tflite = faceBlendshapesTflite.clone();
        this.threads = threads;
        idle.push(create()); // fail at activation when the model is wrong
    }

    public static BlendshapeExtractor withDefaults(ModelLocator locator) {
        return new BlendshapeExtractor(locator.taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.FACE_BLENDSHAPES_ENTRY), 1);
    }

    private TfliteModel create() {
        TfliteModel m = TfliteModel.load(ModelFile.FACE_BLENDSHAPES_ENTRY, tflite, threads)
                .requireInputShape(0, 1, SUBSET.length, 2)
                .requireOutputSize(0, Blendshapes.COUNT);
        synchronized (all) {
            all.add(m);
        }
        return m;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> names() {
        return Blendshapes.NAMES;
    }

    @Override
    public FeatureVector extract(Frame frame, Face face) {
        if (face.blendshapes() != null) {
            return new FeatureVector(KIND, Blendshapes.NAMES, face.blendshapes().clone());
        }
        if (face.landmarks() == null || frame.image() == null) {
            return null; // neither scores nor landmarks in pixels of a known image
        }
        return new FeatureVector(KIND, Blendshapes.NAMES,
                scores(face.landmarks(), frame.image().width(), frame.image().height()));
    }

    /** The 52 scores for 478 landmarks (x, y normalised) of an image of this size. */
    public float[] scores(float[] landmarks, int width, int height) {
        if (landmarks.length < 478 * 3) {
            throw new IllegalArgumentException("blendshapes need 478 landmarks (x, y, z), got " + landmarks.length
                    + " values");
        }
        float[] input = new float[SUBSET.length * 2];
        for (int i = 0; i < SUBSET.length; i++) {
            input[2 * i] = landmarks[3 * SUBSET[i]] * width;
            input[2 * i + 1] = landmarks[3 * SUBSET[i] + 1] * height;
        }
        TfliteModel m = borrow();
        try {
            m.setInput(0, input);
            m.invoke();
            return m.output(0);
        } finally {
            idle.push(m);
        }
    }

    private TfliteModel borrow() {
        if (closed) {
            throw new StageClosedException("blendshape extractor was shut down");
        }
        TfliteModel m = idle.poll();
        return m != null ? m : create();
    }

    @Deactivate
    @Override
    public void close() {
        closed = true;
        synchronized (all) {
            // a caller still inside scores() may hold one; it fails with IllegalStateException (closed model)
            for (TfliteModel m : all) {
                m.close();
            }
            all.clear();
        }
        idle.clear();
    }
}
