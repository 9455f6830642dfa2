package org.emotionlens.features.landmarks.internal;

import java.util.ArrayList;
import java.util.List;

import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.osgi.service.component.annotations.Component;

/**
 * The 478 landmarks in the face's own frame, so that position, size and head roll in the image do not reach the
 * classifier: points go to pixels (x*W, y*H, z*W; square pixels assumed when the frame has no image), are centred
 * on their centroid, rotated so that the outer eye corners 33 -> 263 lie on the +x axis, and divided by the
 * distance between those corners (the inter-ocular distance). Names {@code lm0.x, lm0.y, lm0.z, lm1.x, ...}.
 */
@Component(service = FeatureExtractor.class, property = FeatureExtractor.KIND + "=" + LandmarkFeatureExtractor.KIND)
public final class LandmarkFeatureExtractor implements FeatureExtractor {
    public static final String KIND = "landmarks";
    static final int COUNT = 478;
    static final int EYE_START = 33;
    static final int EYE_END = 263;
    static final List<String> NAMES = featureNames();

    private static List<String> featureNames() {
        List<String> n = new ArrayList<>(COUNT * 3);
        for (int i = 0; i < COUNT; i++) {
            n.add("lm" + i + ".x");
            n.add("lm" + i + ".y");
            n.add("lm" + i + ".z");
        }
        return List.copyOf(n);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> names() {
        return NAMES;
    }

    @Override
    public FeatureVector extract(Frame frame, Face face) {
        float[] lm = face.landmarks();
        if (lm == null || lm.length < COUNT * 3) {
            return null;
        }
        double w = frame.image() != null ? frame.image().width() : 1;
        double h = frame.image() != null ? frame.image().height() : 1;
        return new FeatureVector(KIND, NAMES, normalise(lm, w, h));
    }

    /** The normalisation on its own: landmarks (normalised to an image w x h) into the face frame. */
    static float[] normalise(float[] lm, double w, double h) {
        double[] p = new double[COUNT * 3];
        double cx = 0, cy = 0, cz = 0;
        for (int i = 0; i < COUNT; i++) {
            p[3 * i] = lm[3 * i] * w;
            p[3 * i + 1] = lm[3 * i + 1] * h;
            p[3 * i + 2] = lm[3 * i + 2] * w;
            cx += p[3 * i];
            cy += p[3 * i + 1];
            cz += p[3 * i + 2];
        }
        cx /= COUNT;
        cy /= COUNT;
        cz /= COUNT;
        double ex = p[3 * EYE_END] - p[3 * EYE_START];
        double ey = p[3 * EYE_END + 1] - p[3 * EYE_START + 1];
        double eyeDistance = Math.hypot(ex, ey);
        double scale = eyeDistance > 1e-9 ? 1 / eyeDistance : 1;
        double cos = eyeDistance > 1e-9 ? ex / eyeDistance : 1; // rotate by -angle(eye line)
        double sin = eyeDistance > 1e-9 ? ey / eyeDistance : 0;
        float[] out = new float[COUNT * 3];
        for (int i = 0; i < COUNT; i++) {
            double x = p[3 * i] - cx;
            double y = p[3 * i + 1] - cy;
            out[3 * i] = (float) ((x * cos + y * sin) * scale);
            out[3 * i + 1] = (float) ((-x * sin + y * cos) * scale);
            out[3 * i + 2] = (float) ((p[3 * i + 2] - cz) * scale);
        }
        return out;
    }
}
