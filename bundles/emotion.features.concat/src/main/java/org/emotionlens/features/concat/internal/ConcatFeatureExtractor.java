package org.emotionlens.features.concat.internal;

import java.util.ArrayList;
import java.util.List;

import org.emotionlens.api.Face;
import org.emotionlens.api.FeatureExtractor;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.Frame;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Several extractors as one: the vectors of the configured parts, side by side in the configured order, under a
 * kind of its own (e.g. {@code landmarks+face64}), so that one classifier (a model trained on both) or an ensemble
 * (each member reading its own names) gets every feature of a face. A face that lacks what one part needs gets no
 * vector. The parts are bound by {@code parts.target}; {@code parts.cardinality.minimum} makes the component wait
 * until all of them are there.
 */
@Component(configurationPid = ConcatFeatureExtractor.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = FeatureExtractor.class)
@Designate(ocd = ConcatFeatureExtractor.Config.class, factory = true)
public final class ConcatFeatureExtractor implements FeatureExtractor {
    static final String PID = "emotion.features.concat";

    @ObjectClassDefinition(name = "EmotionLens concatenated features")
    public @interface Config {
        @AttributeDefinition(name = "emotion.features.kind", description = "the kind of the concatenated vectors"
                + " (a service property: pipelines select it by features.target); by convention the parts' kinds joined by '+', which is how a classifier of one part's kind recognises it")
        String emotion_features_kind();

        @AttributeDefinition(description = "the kinds of the parts, in the order of the vector")
        String[] parts();

        @AttributeDefinition(description = "filter of the part extractors, e.g. "
                + "(|(emotion.features.kind=landmarks)(emotion.features.kind=face64))")
        String parts_target();
    }

    private final String kind;
    private final List<FeatureExtractor> parts;
    private final List<String> names;

    @Activate
    public ConcatFeatureExtractor(Config config, @Reference(name = "parts", service = FeatureExtractor.class,
            cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY)
            List<FeatureExtractor> bound) {
        this(config.emotion_features_kind(), List.of(config.parts()), bound);
    }

    /** The parts in the order of {@code kinds}, taken from the bound extractors by their kind. */
    ConcatFeatureExtractor(String kind, List<String> kinds, List<FeatureExtractor> available) {
        if (kind == null || kind.isBlank() || kinds.isEmpty()) {
            throw new IllegalArgumentException(PID + ": set emotion.features.kind and parts (the kinds to concatenate)");
        }
        this.kind = kind;
        List<FeatureExtractor> ordered = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (String k : kinds) {
            FeatureExtractor part = available.stream().filter(e -> e.kind().equals(k)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(PID + " '" + kind + "': no part of kind '" + k
                            + "' among the extractors matching parts.target (kinds "
                            + available.stream().map(FeatureExtractor::kind).toList() + ")"));
            ordered.add(part);
            for (String n : part.names()) {
                if (all.contains(n)) {
                    throw new IllegalArgumentException(PID + " '" + kind + "': feature name '" + n
                            + "' occurs in two parts");
                }
                all.add(n);
            }
        }
        this.parts = List.copyOf(ordered);
        this.names = List.copyOf(all);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public FeatureVector extract(Frame frame, Face face) {
        float[] values = new float[names.size()];
        int at = 0;
        for (FeatureExtractor part : parts) {
            FeatureVector v = part.extract(frame, face);
            if (v == null) {
                return null;
            }
            System.arraycopy(v.values(), 0, values, at, v.size());
            at += v.size();
        }
        return new FeatureVector(kind, names, values);
    }

    @Override
    public String toString() {
        return "concat:" + kind + parts.stream().map(FeatureExtractor::kind).toList();
    }
}
