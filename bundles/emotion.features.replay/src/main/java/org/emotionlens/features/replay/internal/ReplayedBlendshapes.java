package org.emotionlens.features.replay.internal;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.osgi.service.component.annotations.Component;

import java.util.List;

/**
 * The blendshape scores a source delivered with the face (e.g. the blendshape CSV replay). Faces without scores
 * have no features here: computing them from landmarks is the job of emotion.features.blendshapes.
 */
@Component(property = {FeatureExtractor.KIND + "=" + ReplayedBlendshapes.KIND,
        ReplayedBlendshapes.PROVIDER + "=replay"})
public class ReplayedBlendshapes implements FeatureExtractor {
    static final String KIND = "blendshapes";
    /** Service property telling computed ({@code mediapipe}) and replayed ({@code replay}) blendshapes apart. */
    static final String PROVIDER = "emotion.features.provider";

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
        float[] scores = face.blendshapes();
        return scores == null ? null : new FeatureVector(KIND, Blendshapes.NAMES, scores);
    }

    @Override
    public String toString() {
        return "replayed blendshapes";
    }
}
