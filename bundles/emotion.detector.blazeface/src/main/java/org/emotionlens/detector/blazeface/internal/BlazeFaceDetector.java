package org.emotionlens.detector.blazeface.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.emotionlens.api.Box;
import org.emotionlens.api.Detection;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.Image;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.geometry.ImageWarp;
import org.emotionlens.geometry.PixelRoi;
import org.emotionlens.geometry.SsdAnchors;
import org.emotionlens.geometry.SsdFaceDecoder;
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
 * MediaPipe's short-range BlazeFace (face_detector.tflite of face_landmarker.task) as a {@link FaceDetector}:
 * letterbox to 128x128, SSD decoding, weighted NMS, projection back to the image (FACTS section 1). Thread-safe:
 * calls share one interpreter under a lock.
 */
@Component(configurationPid = BlazeFaceDetector.PID, service = FaceDetector.class, immediate = true,
        property = FaceDetector.TYPE + "=blazeface")
@Designate(ocd = BlazeFaceDetector.Config.class)
public final class BlazeFaceDetector implements FaceDetector, AutoCloseable {
    public static final String PID = "emotion.detector.blazeface";
    static final int SIZE = 128;
    /** FACTS 1b: the short-range model's anchors. */
    static final int ANCHORS = 896;

    @ObjectClassDefinition(name = "EmotionLens BlazeFace detector")
    public @interface Config {
        @AttributeDefinition(description = "face_landmarker.task (sha256-checked) or a face_detector.tflite; empty: "
                + "face_landmarker.task from the models directory")
        String model_path() default "";

        @AttributeDefinition(description = "models directory holding face_landmarker.task; empty: the ModelLocator's")
        String models_dir() default "";

        @AttributeDefinition(description = "keep detections with sigmoid score >= this (MediaPipe min_detection_confidence)")
        float min_detection_confidence() default 0.5f;

        @AttributeDefinition(description = "weighted-NMS IoU threshold: boxes with IoU > this are merged")
        float min_suppression_threshold() default 0.5f;

        @AttributeDefinition(description = "TFLite interpreter threads (default 1: one thread per interpreter, as"
                + " before). More lets TFLite and its XNNPACK delegate split one inference; it pays only on idle cores, since the frame loop already overlaps its stages"
                + " and sinks. At least 1.")
        int threads() default 1;
    }

    private final TfliteModel model;
    private final SsdFaceDecoder decoder = new SsdFaceDecoder(SsdAnchors.shortRange(), SIZE);
    private final float minScore;
    private final float nmsThreshold;
    private final byte[] pixels = new byte[SIZE * SIZE * 3];
    private final float[] input = new float[SIZE * SIZE * 3];
    private final float[] regressors = new float[ANCHORS * SsdFaceDecoder.COORDS];
    private final float[] logits = new float[ANCHORS];
    private volatile boolean closed;

    @Activate
    public BlazeFaceDetector(@Reference ModelLocator locator, Config config) {
        this(locator.taskEntry(config.model_path(), config.models_dir(), ModelFile.FACE_DETECTOR_ENTRY),
                config.min_detection_confidence(),
                config.min_suppression_threshold(), config.threads());
    }

    /** Without a framework: the model's bytes and MediaPipe's thresholds. */
    public BlazeFaceDetector(byte[] faceDetectorTflite, float minDetectionConfidence, float minSuppressionThreshold,
            int threads) {
        this.model = TfliteModel.load(ModelFile.FACE_DETECTOR_ENTRY, faceDetectorTflite, threads)
                .requireInputShape(0, 1, SIZE, SIZE, 3)
                .requireOutputSize(0, ANCHORS * SsdFaceDecoder.COORDS)
                .requireOutputSize(1, ANCHORS);
        this.minScore = minDetectionConfidence;
        this.nmsThreshold = minSuppressionThreshold;
    }

    /** A detector with MediaPipe's defaults reading face_landmarker.task through {@code locator}. */
    public static BlazeFaceDetector withDefaults(ModelLocator locator, int threads) {
        return new BlazeFaceDetector(locator.taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.FACE_DETECTOR_ENTRY), 0.5f,
                0.5f, threads);
    }

    @Override
    public List<Detection> detect(Image image) {
        PixelRoi roi = PixelRoi.letterbox(image.width(), image.height());
        List<SsdFaceDecoder.Candidate> found;
        synchronized (this) {
            if (closed) {
                throw new StageClosedException("BlazeFace detector was shut down");
            }
            ImageWarp.warp(image, roi, SIZE, SIZE, false, pixels);
            ImageWarp.toFloat(pixels, 2f / 255f, -1f, input);
            model.setInput(0, input);
            model.invoke();
            model.output(0, regressors);
            model.output(1, logits);
            found = SsdFaceDecoder.weightedNms(decoder.decode(regressors, logits, minScore), nmsThreshold);
        }
        List<Detection> out = new ArrayList<>(found.size());
        int w = image.width();
        int h = image.height();
        for (SsdFaceDecoder.Candidate c : found) {
            // r = 0: corners map independently, the projected box stays axis-aligned
            float x0 = (float) (roi.imageX(c.xmin(), c.ymin()) / w);
            float y0 = (float) (roi.imageY(c.xmin(), c.ymin()) / h);
            float x1 = (float) (roi.imageX(c.xmax(), c.ymax()) / w);
            float y1 = (float) (roi.imageY(c.xmax(), c.ymax()) / h);
            float[] kp = new float[c.keypoints().length];
            for (int k = 0; k < kp.length; k += 2) {
                kp[k] = (float) (roi.imageX(c.keypoints()[k], c.keypoints()[k + 1]) / w);
                kp[k + 1] = (float) (roi.imageY(c.keypoints()[k], c.keypoints()[k + 1]) / h);
            }
            out.add(new Detection(new Box(x0, y0, x1 - x0, y1 - y0), c.score(), kp));
        }
        return out;
    }

    @Deactivate
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            model.close();
        }
    }
}
