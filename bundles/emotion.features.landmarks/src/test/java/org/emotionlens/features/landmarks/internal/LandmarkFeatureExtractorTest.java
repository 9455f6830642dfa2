package org.emotionlens.features.landmarks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.junit.jupiter.api.Test;

class LandmarkFeatureExtractorTest {
    final LandmarkFeatureExtractor extractor = new LandmarkFeatureExtractor();

    /** A random 478-point cloud with a tilted eye line, in pixels. */
    static double[] cloud(long seed) {
        Random r = new Random(seed);
        double[] p = new double[478 * 3];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextGaussian() * 40;
        }
        p[3 * 33] = -50;
        p[3 * 33 + 1] = 10;
        p[3 * 263] = 50;
        p[3 * 263 + 1] = -12;
        return p;
    }

    /** Moves, scales and rolls a pixel cloud, then normalises it to an image w x h. */
    static float[] placed(double[] p, double tx, double ty, double s, double angle, int w, int h) {
        float[] lm = new float[p.length];
        for (int i = 0; i < p.length / 3; i++) {
            double x = p[3 * i] * s;
            double y = p[3 * i + 1] * s;
            lm[3 * i] = (float) ((x * Math.cos(angle) - y * Math.sin(angle) + tx) / w);
            lm[3 * i + 1] = (float) ((x * Math.sin(angle) + y * Math.cos(angle) + ty) / h);
            lm[3 * i + 2] = (float) (p[3 * i + 2] * s / w);
        }
        return lm;
    }

    @Test
    void featuresDoNotDependOnPositionScaleOrRoll() {
        double[] p = cloud(1);
        int w = 640;
        int h = 480;
        Frame frame = new Frame("t", 0, 0, new Image(w, h, new byte[w * h * 3]), null);
        FeatureVector a = extractor.extract(frame, new Face(0, null, 1, placed(p, 200, 150, 1.0, 0.0, w, h), null, null));
        FeatureVector b = extractor.extract(frame, new Face(0, null, 1, placed(p, 420, 300, 1.7, 0.4, w, h), null, null));
        assertThat(a.size()).isEqualTo(478 * 3);
        assertThat(a.names().subList(0, 4)).containsExactly("lm0.x", "lm0.y", "lm0.z", "lm1.x");
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.values()[i]).isCloseTo(a.values()[i], within(2e-4f));
        }
        // eye line horizontal, unit inter-ocular distance
        float[] v = a.values();
        assertThat(v[3 * 263 + 1] - v[3 * 33 + 1]).isCloseTo(0f, within(1e-5f));
        assertThat(v[3 * 263] - v[3 * 33]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void differentFacesGiveDifferentFeaturesAndNoLandmarksGiveNull() {
        Frame frame = new Frame("t", 0, 0, new Image(100, 100, new byte[100 * 100 * 3]), null);
        FeatureVector a = extractor.extract(frame, new Face(0, null, 1, placed(cloud(1), 50, 50, 0.2, 0, 100, 100), null, null));
        FeatureVector b = extractor.extract(frame, new Face(0, null, 1, placed(cloud(2), 50, 50, 0.2, 0, 100, 100), null, null));
        double d = 0;
        for (int i = 0; i < a.size(); i++) {
            d = Math.max(d, Math.abs(a.values()[i] - b.values()[i]));
        }
        assertThat(d).isGreaterThan(0.1);
        assertThat(extractor.extract(frame, new Face(0, null, 1, null, new float[52], null))).isNull();
    }
}
