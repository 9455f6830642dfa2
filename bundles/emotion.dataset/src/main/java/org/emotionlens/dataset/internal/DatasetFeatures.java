package org.emotionlens.dataset.internal;

import java.util.ArrayList;
import java.util.List;

import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;

/**
 * The feature stage of a build's frame path: the 52 blendshape scores, then with {@code --landmarks} the landmark
 * features (zeros where that extractor gives none), which is the layout of a journal row. No vector when the
 * blendshape extractor gives none.
 */
final class DatasetFeatures implements FeatureExtractor {
    static final String KIND = "dataset";

    private final FeatureExtractor blendshapes;
    private final FeatureExtractor landmarks;
    private final List<String> names;

    /** @param landmarks the landmark features, or null for blendshapes only */
    DatasetFeatures(FeatureExtractor blendshapes, FeatureExtractor landmarks) {
        this.blendshapes = blendshapes;
        this.landmarks = landmarks;
        List<String> all = new ArrayList<>(blendshapes.names());
        if (landmarks != null) {
            all.addAll(landmarks.names());
        }
        this.names = List.copyOf(all);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public FeatureVector extract(Frame frame, Face face) {
        FeatureVector scores = blendshapes.extract(frame, face);
        if (scores == null) {
            return null;
        }
        float[] values = new float[names.size()];
        System.arraycopy(scores.values(), 0, values, 0, scores.size());
        if (landmarks != null) {
            FeatureVector lm = landmarks.extract(frame, face);
            if (lm != null) {
                System.arraycopy(lm.values(), 0, values, scores.size(), lm.size());
            }
        }
        return new FeatureVector(KIND, names, values);
    }
}
