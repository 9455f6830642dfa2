package org.emotionlens.detector.fullrange.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.emotionlens.api.Box;
import org.emotionlens.api.Detection;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.Image;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.geometry.SsdAnchors;
import org.emotionlens.geometry.SsdFaceDecoder;
import org.emotionlens.lib.tflite.TfliteModel;
import org.emotionlens.models.ModelException;
import org.emotionlens.models.ModelFile;
import org.emotionlens.models.ModelLocator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MediaPipe's full-range BlazeFace as a {@link FaceDetector}: the model of the legacy face_detection_full_range
 * graph, which sees the whole image at 192x192 (short range: 128x128) with 2304 anchors on one stride-4 map, so it
 * finds smaller, farther faces. Same outputs as the short-range model (box and the 6 keypoints: eyes, nose tip,
 * mouth centre, ear tragions), so the landmarker's ROI and rotation work unchanged. Letterbox, SSD decoding,
 * weighted NMS and projection back to the image as for the short-range model; the graph's thresholds (score 0.5 as
 * the solution API's min_detection_confidence default, NMS IoU 0.3) are the defaults.
 *
 * <p>Active only when configured (pid {@value #PID}), so profiles without it never need its model file. Thread-safe:
 * calls share one interpreter under a lock.
 */
@Component(configurationPid = FullRangeDetector.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = FaceDetector.class, immediate = true, property = FaceDetector.TYPE + "=" + FullRangeDetector.TYPE)
@Designate(ocd = FullRangeDetector.Config.class)
public final class FullRangeDetector implements FaceDetector, AutoCloseable {
    public static final String PID = "emotion.detector.fullrange";
    public static final String TYPE = "fullrange";
    static final int SIZE = 192;

    /**
     * The model: the dense full-range model of the npm package (models/manifest.json; `emotionlens models fetch`
     * gets it). The package's sparse variant, which MediaPipe's web solution loads, runs here too but found fewer of
     * the demo video's faces.
     */
    public static final ModelFile MODEL = new ModelFile("face_detection_full_range.tflite",
            "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3",
            "npm @mediapipe/face_detection@0.4.1657300184 face_detection_full_range.tflite", "Apache-2.0");

    @ObjectClassDefinition(name = "EmotionLens full-range BlazeFace detector")
    public @interface Config {
        @AttributeDefinition(description = "a full-range face detection .tflite to use as is, unchecked (experiments, e.g. "
                + "the package's sparse variant); empty: face_detection_full_range.tflite, sha256-checked, from the "
                + "models directory")
        String model_path() default "";

        @AttributeDefinition(description = "models directory holding face_detection_full_range.tflite; empty: "
                + "the ModelLocator's (emotionlens models fetch puts it there)")
        String models_dir() default "";

        @AttributeDefinition(description = "keep detections with sigmoid score >= this (min_detection_confidence)")
        float min_detection_confidence() default 0.5f;

        @AttributeDefinition(description = "weighted-NMS IoU threshold: boxes with IoU > this are merged")
        float min_suppression_threshold() default 0.3f;

        @AttributeDefinition(description = "the image is placed in a square of zoom.out times its longer side "
                + "before it is scaled to 192x192 (black around it): 1 = MediaPipe's letterbox; 2 makes faces that "
                + "fill the picture (face crops such as FER2013's) look as small as the model was trained for")
        float zoom_out() default 1f;

        @AttributeDefinition(description = "TFLite interpreter threads (default 1: one thread per interpreter, as"
                + " before). More lets TFLite and its XNNPACK delegate split one inference; it pays only on idle cores, since the frame loop already overlaps its stages"
                + " and sinks. At least 1.")
        int threads() default 1;
    }

    private final TfliteModel model;
    private final SsdFaceDecoder decoder = new SsdFaceDecoder(SsdAnchors.fullRange(), SIZE);
    private final Letterbox letterbox;
    private final float minScore;
    private final float nmsThreshold;
    private final float zoomOut;
    private final float[] input = new float[SIZE * SIZE * 3];
    private final float[] regressors;
    private final float[] logits;
    private boolean closed;

    @Activate
    public FullRangeDetector(@Reference ModelLocator locator, Config config) {
        this(modelBytes(locator, config.model_path(), config.models_dir()), config.min_detection_confidence(),
                config.min_suppression_threshold(), config.zoom_out(), config.threads());
    }

    /** Without a framework: the model's bytes, the thresholds and the zoom-out factor (1: MediaPipe's letterbox). */
    public FullRangeDetector(byte[] tflite, float minDetectionConfidence, float minSuppressionThreshold, float zoomOut,
            int threads) {
        this.letterbox = new Letterbox(SIZE, zoomOut);
        this.zoomOut = zoomOut;
        int anchors = decoder.count();
        TfliteModel loaded = TfliteModel.load(MODEL.name(), tflite, threads);
        try {
            // a short-range or other detector file fails here, naming the shapes, instead of decoding garbage
            loaded.requireInputShape(0, 1, SIZE, SIZE, 3)
                    .requireOutputSize(0, anchors * SsdFaceDecoder.COORDS)
                    .requireOutputSize(1, anchors);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
        this.model = loaded;
        this.regressors = new float[anchors * SsdFaceDecoder.COORDS];
        this.logits = new float[anchors];
        this.minScore = minDetectionConfidence;
        this.nmsThreshold = minSuppressionThreshold;
    }

    /** A detector with the defaults, its model found (and sha256-checked) by {@code locator}. */
    public static FullRangeDetector withDefaults(ModelLocator locator, int threads) {
        return new FullRangeDetector(modelBytes(locator, "", ""), 0.5f, 0.3f, 1f, threads);
    }

    static byte[] modelBytes(ModelLocator locator, String modelPath, String modelsDir) {
        Path file;
        if (!modelPath.isBlank()) {
            file = Path.of(modelPath);
            if (!Files.isRegularFile(file)) {
                throw new ModelException(PID + " model.path: " + file + " does not exist");
            }
        } else {
            file = (modelsDir.isBlank() ? locator : ModelLocator.of(Path.of(modelsDir))).require(MODEL);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Detection> detect(Image image) {
        List<SsdFaceDecoder.Candidate> found;
        synchronized (this) {
            if (closed) {
                throw new StageClosedException("full-range BlazeFace detector was shut down");
            }
            letterbox.toTensor(image, 2f / 255f, -1f, input);
            model.setInput(0, input);
            model.invoke();
            model.output(0, regressors);
            model.output(1, logits);
            found = SsdFaceDecoder.weightedNms(decoder.decode(regressors, logits, minScore), nmsThreshold);
        }
        int w = image.width();
        int h = image.height();
        List<Detection> out = new ArrayList<>(found.size());
        for (SsdFaceDecoder.Candidate c : found) {
            float x0 = (float) (letterbox.imageX(c.xmin(), w, h) / w);
            float y0 = (float) (letterbox.imageY(c.ymin(), w, h) / h);
            float x1 = (float) (letterbox.imageX(c.xmax(), w, h) / w);
            float y1 = (float) (letterbox.imageY(c.ymax(), w, h) / h);
            float[] kp = new float[c.keypoints().length];
            for (int k = 0; k < kp.length; k += 2) {
                kp[k] = (float) (letterbox.imageX(c.keypoints()[k], w, h) / w);
                kp[k + 1] = (float) (letterbox.imageY(c.keypoints()[k + 1], w, h) / h);
            }
            out.add(new Detection(new Box(x0, y0, x1 - x0, y1 - y0), c.score(), kp));
        }
        return out;
    }

    /** What the pipeline's stage list and the compare report show. */
    @Override
    public String toString() {
        return "blazeface-full-range:" + MODEL.name() + " score>=" + minScore + " nms>" + nmsThreshold + " zoom.out="
                + zoomOut;
    }

    @Deactivate
    @Override
    public void close() {
        synchronized (this) {
            if (!closed) {
                closed = true;
                model.close();
            }
        }
    }
}
