package org.emotionlens.classifier.ensemble.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.emotionlens.api.EmotionClassifier;
import org.emotionlens.api.FeatureVector;
import org.emotionlens.api.ModelInfo;
import org.emotionlens.api.Prediction;
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
 * Late fusion: the configured member classifiers each classify the same vectors (each reads the features it names,
 * e.g. a landmark model the landmarks and an image CNN the face crop of a concatenated vector) and the ensemble's
 * probabilities are the weighted mean of theirs, class by class by label name. A member whose features are not all
 * in a vector (e.g. the landmark model on a face that only has a crop, from emotion.features.concat with partial)
 * does not vote on it, and the weights of those that do are renormalised for that vector; a vector that no member
 * can classify is refused, as a single classifier refuses a vector that lacks its features. Registered under its
 * own model id ({@code emotion.model}), so pipelines select it like any classifier.
 */
@Component(configurationPid = EnsembleClassifier.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = EmotionClassifier.class)
@Designate(ocd = EnsembleClassifier.Config.class, factory = true)
public final class EnsembleClassifier implements EmotionClassifier {
    static final String PID = "emotion.classifier.ensemble";

    @ObjectClassDefinition(name = "EmotionLens classifier ensemble")
    public @interface Config {
        @AttributeDefinition(name = "emotion.model", description = "the ensemble's model id (a service property)")
        String emotion_model();

        @AttributeDefinition(description = "the members' model ids, in the order of weights")
        String[] members();

        @AttributeDefinition(description = "one weight per member (normalised to sum 1); empty: equal weights")
        double[] weights() default {};

        @AttributeDefinition(description = "filter of the member classifiers, e.g. "
                + "(|(emotion.model=landmarks-dense)(emotion.model=peer-mini-xception))")
        String members_target();
    }

    private final List<EmotionClassifier> members;
    private final double[] weights;
    private final ModelInfo info;
    /** Which members can classify vectors with the last names list seen (vectors of a pipeline share few lists). */
    private volatile Voters voters;

    private record Voters(List<String> names, boolean[] can) {
    }

    @Activate
    public EnsembleClassifier(Config config, @Reference(name = "members", service = EmotionClassifier.class,
            cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY)
            List<EmotionClassifier> bound) {
        this(config.emotion_model(), List.of(config.members()), config.weights(), bound);
    }

    EnsembleClassifier(String id, List<String> memberIds, double[] weights, List<EmotionClassifier> available) {
        if (id == null || id.isBlank() || memberIds.isEmpty()) {
            throw new IllegalArgumentException(PID + ": set emotion.model and members (the model ids to combine)");
        }
        if (weights.length != 0 && weights.length != memberIds.size()) {
            throw new IllegalArgumentException(PID + " '" + id + "': " + weights.length + " weights for "
                    + memberIds.size() + " members");
        }
        List<EmotionClassifier> ordered = new ArrayList<>();
        for (String m : memberIds) {
            ordered.add(available.stream().filter(c -> c.model().id().equals(m)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(PID + " '" + id + "': no member '" + m
                            + "' among the classifiers matching members.target (models "
                            + available.stream().map(c -> c.model().id()).toList() + ")")));
        }
        double sum = 0;
        this.weights = new double[memberIds.size()];
        for (int i = 0; i < this.weights.length; i++) {
            this.weights[i] = weights.length == 0 ? 1 : weights[i];
            if (!(this.weights[i] >= 0)) {
                throw new IllegalArgumentException(PID + " '" + id + "': weight " + this.weights[i] + " is negative");
            }
            sum += this.weights[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException(PID + " '" + id + "': the weights sum to 0");
        }
        for (int i = 0; i < this.weights.length; i++) {
            this.weights[i] /= sum;
        }
        List<String> labels = ordered.get(0).model().labels();
        Set<String> names = new LinkedHashSet<>();
        for (EmotionClassifier c : ordered) {
            if (!Set.copyOf(c.model().labels()).equals(Set.copyOf(labels))) {
                throw new IllegalArgumentException(PID + " '" + id + "': member " + c.model().id() + " has labels "
                        + c.model().labels() + ", not " + labels);
            }
            names.addAll(c.model().featureNames());
        }
        this.members = List.copyOf(ordered);
        this.info = new ModelInfo(id, String.join("+", ordered.stream().map(c -> c.model().featureKind()).toList()),
                List.copyOf(names), labels, "weighted mean of " + describe(ordered, this.weights));
    }

    private static String describe(List<EmotionClassifier> members, double[] weights) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            parts.add(String.format(java.util.Locale.ROOT, "%.3f x %s", weights[i], members.get(i).model().id()));
        }
        return String.join(" + ", parts);
    }

    @Override
    public ModelInfo model() {
        return info;
    }

    @Override
    public List<Prediction> classify(List<FeatureVector> features) {
        List<String> labels = info.labels();
        int n = features.size();
        boolean[][] can = new boolean[n][];
        for (int r = 0; r < n; r++) {
            can[r] = voters(features.get(r));
        }
        double[][] sum = new double[n][labels.size()];
        double[] weight = new double[n];
        int[] voted = new int[n];
        for (int m = 0; m < members.size(); m++) {
            // each member classifies, in one batch, the vectors that hold all its features
            List<FeatureVector> mine = new ArrayList<>(n);
            List<Integer> rows = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                if (can[r][m]) {
                    mine.add(features.get(r));
                    rows.add(r);
                }
            }
            if (mine.isEmpty()) {
                continue;
            }
            List<Prediction> p = members.get(m).classify(mine);
            for (int i = 0; i < rows.size(); i++) {
                int r = rows.get(i);
                weight[r] += weights[m];
                voted[r]++;
                for (int k = 0; k < labels.size(); k++) {
                    sum[r][k] += weights[m] * p.get(i).probability(labels.get(k));
                }
            }
        }
        List<Prediction> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            float[] probabilities = new float[labels.size()];
            for (int k = 0; k < probabilities.length; k++) {
                // all members voting: the plain weighted mean (weights sum to 1); else the voters' renormalised
                probabilities[k] = (float) (voted[r] == members.size() ? sum[r][k] : sum[r][k] / weight[r]);
            }
            out.add(new Prediction(info.id(), labels, probabilities));
        }
        return out;
    }

    /** Per member: are all its features in {@code v}? Refuses a vector that no member with weight > 0 can classify. */
    private boolean[] voters(FeatureVector v) {
        Voters c = voters;
        if (c == null || !(c.names == v.names() || c.names.equals(v.names()))) {
            Set<String> present = new HashSet<>(v.names());
            boolean[] can = new boolean[members.size()];
            boolean any = false;
            for (int m = 0; m < can.length; m++) {
                can[m] = present.containsAll(members.get(m).model().featureNames());
                any |= can[m] && weights[m] > 0;
            }
            if (!any) {
                List<String> needs = new ArrayList<>();
                for (EmotionClassifier e : members) {
                    List<String> f = e.model().featureNames();
                    String missing = f.stream().filter(x -> !present.contains(x)).findFirst().orElse("-");
                    needs.add(e.model().id() + " lacks '" + missing + "'");
                }
                throw new IllegalArgumentException("ensemble " + info.id() + ": no member can classify a '" + v.kind()
                        + "' vector of " + v.size() + " features (" + String.join(", ", needs) + "); give it a"
                        + " vector holding all features of at least one member, or no vector for that face");
            }
            c = new Voters(v.names(), can);
            voters = c;
        }
        return c.can;
    }

    @Override
    public String toString() {
        return "ensemble:" + info.id() + " (" + info.description() + ")";
    }
}
