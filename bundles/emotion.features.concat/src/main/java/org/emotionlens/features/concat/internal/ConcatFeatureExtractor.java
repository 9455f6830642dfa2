package org.emotionlens.features.concat.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * vector; with {@code partial}, it gets the other parts' features instead (the vector's names say which; an ensemble
 * lets only the members whose features are all there vote) and no vector only when no part describes it. The parts are bound by {@code parts.target}; {@code parts.cardinality.minimum} makes the component wait
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

        @AttributeDefinition(description = "false: a face that one part cannot describe (e.g. no landmarks) gets no"
                + " vector. true: that part is left out of the face's vector, which holds the other parts' features"
                + " under the same kind (no vector only when no part describes the face); for an ensemble whose"
                + " members can each classify from their own parts")
        boolean partial() default false;
    }

    private final String kind;
    private final List<FeatureExtractor> parts;
    private final List<String> names;
    private final boolean partial;
    /** Names of the vectors that lack some parts, by the bit set of parts present (one list per subset, reused). */
    private final Map<Integer, List<String>> partialNames = new ConcurrentHashMap<>();

    @Activate
    public ConcatFeatureExtractor(Config config, @Reference(name = "parts", service = FeatureExtractor.class,
            cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY)
            List<FeatureExtractor> bound) {
        this(config.emotion_features_kind(), List.of(config.parts()), bound, config.partial());
    }

    /** The parts in the order of {@code kinds}, taken from the bound extractors by their kind; no partial vectors. */
    ConcatFeatureExtractor(String kind, List<String> kinds, List<FeatureExtractor> available) {
        this(kind, kinds, available, false);
    }

    /** As above; {@code partial}: a part that gives no vector is left out instead of giving the face none. */
    ConcatFeatureExtractor(String kind, List<String> kinds, List<FeatureExtractor> available, boolean partial) {
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
        this.partial = partial;
        if (partial && parts.size() > 31) {
            throw new IllegalArgumentException(PID + " '" + kind + "': partial takes at most 31 parts, got "
                    + parts.size());
        }
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
        int present = 0;
        for (int p = 0; p < parts.size(); p++) {
            FeatureVector v = parts.get(p).extract(frame, face);
            if (v == null) {
                if (!partial) {
                    return null;
                }
                continue;
            }
            System.arraycopy(v.values(), 0, values, at, v.size());
            at += v.size();
            present |= 1 << p;
        }
        if (at == names.size()) {
            return new FeatureVector(kind, names, values);
        }
        if (present == 0) {
            return null;
        }
        // the same list object for the same parts, so that classifiers' per-name-list index caches hit
        return new FeatureVector(kind, partialNames.computeIfAbsent(present, this::namesOf), Arrays.copyOf(values, at));
    }

    /** The names of the parts in {@code present} (bit p: part p), in the parts' order. */
    private List<String> namesOf(int present) {
        List<String> n = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            if ((present & (1 << p)) != 0) {
                n.addAll(parts.get(p).names());
            }
        }
        return List.copyOf(n);
    }

    @Override
    public String toString() {
        return "concat:" + kind + parts.stream().map(FeatureExtractor::kind).toList();
    }
}
