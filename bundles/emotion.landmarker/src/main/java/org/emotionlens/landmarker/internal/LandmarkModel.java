package org.emotionlens.landmarker.internal;

import org.emotionlens.api.Image;
import org.emotionlens.geometry.ImageWarp;
import org.emotionlens.geometry.PixelRoi;
import org.emotionlens.geometry.RotatedRect;
import org.emotionlens.lib.tflite.TfliteModel;
import org.emotionlens.models.ModelFile;

/**
 * FACTS 2c and 3: crop a rotated ROI to 256x256 (BORDER_REPLICATE, fixed-point warp, [0,1]), run
 * face_landmarks_detector.tflite, decode 478 points and project them back to the image. One per tracker: not
 * thread-safe.
 */
final class LandmarkModel implements AutoCloseable {
    static final int SIZE = 256;
    static final int LANDMARKS = 478;

    /** Landmarks (x, y normalised to the image, z on the x scale) and the presence score. */
    record Result(float[] landmarks, float presence) {
    }

    private final TfliteModel model;
    private final byte[] pixels = new byte[SIZE * SIZE * 3];
    private final float[] input = new float[SIZE * SIZE * 3];
    private final float[] raw = new float[LANDMARKS * 3];
    private final float[] presenceLogit = new float[1];
    long cropNanos;
    long inferenceNanos;

    LandmarkModel(byte[] tflite, int threads) {
        this(tflite, threads, true);
    }

    LandmarkModel(byte[] tflite, int threads, boolean xnnpack) {
        model = TfliteModel.load(ModelFile.FACE_LANDMARKS_ENTRY, tflite, threads, xnnpack)
                .requireInputShape(0, 1, SIZE, SIZE, 3)
                .requireOutputSize(0, LANDMARKS * 3)
                .requireOutputSize(1, 1);
    }

    Result run(Image image, RotatedRect rect) {
        int w = image.width();
        int h = image.height();
        PixelRoi roi = rect.toPixels(w, h);
        long t0 = System.nanoTime();
        ImageWarp.warp(image, roi, SIZE, SIZE, true, pixels);
        ImageWarp.toFloat(pixels, 1f / 255f, 0f, input);
        long t1 = System.nanoTime();
        model.setInput(0, input);
        model.invoke();
        model.output(0, raw);
        model.output(1, presenceLogit);
        long t2 = System.nanoTime();
        cropNanos += t1 - t0;
        inferenceNanos += t2 - t1;
        float presence = (float) (1.0 / (1.0 + Math.exp(-presenceLogit[0])));
        float[] lm = new float[LANDMARKS * 3];
        double zScale = roi.zScale(w, h);
        for (int i = 0; i < LANDMARKS; i++) {
            double u = raw[3 * i] / SIZE;
            double v = raw[3 * i + 1] / SIZE;
            lm[3 * i] = (float) (roi.imageX(u, v) / w);
            lm[3 * i + 1] = (float) (roi.imageY(u, v) / h);
            lm[3 * i + 2] = (float) (raw[3 * i + 2] / SIZE * zScale);
        }
        return new Result(lm, presence);
    }

    @Override
    public void close() {
        model.close();
    }
}
