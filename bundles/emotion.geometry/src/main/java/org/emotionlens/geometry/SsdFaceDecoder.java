package org.emotionlens.geometry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Raw BlazeFace outputs (short and full range: MediaPipe's SSD face detectors) to scored boxes with 6 keypoints (tensor-normalised), then weighted non-maximum
 * suppression, as MediaPipe's TensorsToDetectionsCalculator and NonMaxSuppressionCalculator (WEIGHTED, IoU) do it
 * with the face-detection options: 16 values per anchor (box centre x, y, width, height, then 6 keypoints x, y),
 * each divided by the input size and offset by the anchor centre (anchors are 1x1); score = sigmoid of the logit
 * clipped to +-100; a box is kept when score &gt;= the threshold and its size is not negative or NaN.
 */
public final class SsdFaceDecoder {
    public static final int COORDS = 16;
    public static final int KEYPOINTS = 6;

    /** A candidate in tensor-normalised coordinates: box corners and keypoints x0, y0, ... */
    public record Candidate(float score, float xmin, float ymin, float xmax, float ymax, float[] keypoints) {
        public float area() {
            return (xmax - xmin) * (ymax - ymin);
        }

        public float iou(Candidate o) {
            float ix = Math.min(xmax, o.xmax) - Math.max(xmin, o.xmin);
            float iy = Math.min(ymax, o.ymax) - Math.max(ymin, o.ymin);
            if (ix <= 0 || iy <= 0) {
                return 0f;
            }
            float inter = ix * iy;
            float union = area() + o.area() - inter;
            return union <= 0 ? 0f : inter / union;
        }
    }

    private final float[] anchors;
    private final float scale;

    /**
     * @param anchors centres from {@link SsdAnchors}
     * @param scale   the x/y/w/h scale of the regressors: the input size (128 short range, 192 full range)
     */
    public SsdFaceDecoder(float[] anchors, float scale) {
        this.anchors = anchors;
        this.scale = scale;
    }

    public int count() {
        return anchors.length / 2;
    }

    public List<Candidate> decode(float[] regressors, float[] logits, float minScore) {
        List<Candidate> out = new ArrayList<>();
        int n = count();
        for (int i = 0; i < n; i++) {
            float logit = Math.max(-100f, Math.min(100f, logits[i]));
            float score = (float) (1.0 / (1.0 + Math.exp(-logit)));
            if (score < minScore) {
                continue;
            }
            int r = i * COORDS;
            float ax = anchors[2 * i];
            float ay = anchors[2 * i + 1];
            float xc = regressors[r] / scale + ax;
            float yc = regressors[r + 1] / scale + ay;
            float w = regressors[r + 2] / scale;
            float h = regressors[r + 3] / scale;
            if (!(w >= 0) || !(h >= 0)) {
                continue; // negative or NaN size
            }
            float[] kp = new float[KEYPOINTS * 2];
            for (int k = 0; k < KEYPOINTS; k++) {
                kp[2 * k] = regressors[r + 4 + 2 * k] / scale + ax;
                kp[2 * k + 1] = regressors[r + 5 + 2 * k] / scale + ay;
            }
            out.add(new Candidate(score, xc - w / 2, yc - h / 2, xc + w / 2, yc + h / 2, kp));
        }
        return out;
    }

    /**
     * Weighted NMS: repeatedly take the best remaining box; it and every remaining box with IoU &gt; threshold form
     * a cluster whose corners and keypoints become the score-weighted mean; the head's score is kept. Output in
     * descending score order of the heads.
     */
    public static List<Candidate> weightedNms(List<Candidate> in, float threshold) {
        List<Candidate> remaining = new ArrayList<>(in);
        remaining.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        List<Candidate> out = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Candidate top = remaining.get(0);
            List<Candidate> rest = new ArrayList<>();
            double total = 0;
            double xmin = 0;
            double ymin = 0;
            double xmax = 0;
            double ymax = 0;
            double[] kp = new double[top.keypoints.length];
            for (Candidate c : remaining) {
                if (c == top || top.iou(c) > threshold) {
                    total += c.score;
                    xmin += c.xmin * c.score;
                    ymin += c.ymin * c.score;
                    xmax += c.xmax * c.score;
                    ymax += c.ymax * c.score;
                    for (int k = 0; k < kp.length; k++) {
                        kp[k] += c.keypoints[k] * c.score;
                    }
                } else {
                    rest.add(c);
                }
            }
            float[] kpf = new float[kp.length];
            for (int k = 0; k < kp.length; k++) {
                kpf[k] = (float) (kp[k] / total);
            }
            out.add(new Candidate(top.score, (float) (xmin / total), (float) (ymin / total), (float) (xmax / total),
                    (float) (ymax / total), kpf));
            remaining = rest;
        }
        return out;
    }
}
