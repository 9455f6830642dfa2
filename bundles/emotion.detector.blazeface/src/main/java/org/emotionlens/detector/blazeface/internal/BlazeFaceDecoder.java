package org.emotionlens.detector.blazeface.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * FACTS 1c and 1d: raw BlazeFace outputs to scored boxes with 6 keypoints (tensor-normalised), then weighted
 * non-maximum suppression.
 */
final class BlazeFaceDecoder {
    static final int COORDS = 16;
    static final int KEYPOINTS = 6;
    private static final float SCALE = 128f;

    /** A candidate in tensor-normalised coordinates: box corners and keypoints x0,y0,... */
    record Candidate(float score, float xmin, float ymin, float xmax, float ymax, float[] keypoints) {
        float area() {
            return (xmax - xmin) * (ymax - ymin);
        }

        float iou(Candidate o) {
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

    private final float[] anchors = SsdAnchors.centres();

    List<Candidate> decode(float[] regressors, float[] logits, float minScore) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < SsdAnchors.COUNT; i++) {
            float logit = Math.max(-100f, Math.min(100f, logits[i]));
            float score = (float) (1.0 / (1.0 + Math.exp(-logit)));
            if (score < minScore) {
                continue;
            }
            int r = i * COORDS;
            float ax = anchors[2 * i];
            float ay = anchors[2 * i + 1];
            float xc = regressors[r] / SCALE + ax;
            float yc = regressors[r + 1] / SCALE + ay;
            float w = regressors[r + 2] / SCALE;
            float h = regressors[r + 3] / SCALE;
            if (!(w >= 0) || !(h >= 0)) {
                continue; // negative or NaN size
            }
            float[] kp = new float[KEYPOINTS * 2];
            for (int k = 0; k < KEYPOINTS; k++) {
                kp[2 * k] = regressors[r + 4 + 2 * k] / SCALE + ax;
                kp[2 * k + 1] = regressors[r + 5 + 2 * k] / SCALE + ay;
            }
            out.add(new Candidate(score, xc - w / 2, yc - h / 2, xc + w / 2, yc + h / 2, kp));
        }
        return out;
    }

    /** Weighted NMS: clusters of IoU > threshold with the best remaining box, score-weighted mean of coordinates. */
    static List<Candidate> weightedNms(List<Candidate> in, float threshold) {
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
