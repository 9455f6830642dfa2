package org.emotionlens.filter.smoothing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.emotionlens.api.Prediction;
import org.emotionlens.api.PredictionFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The filters on real prediction sequences: the dense baseline's predictions for the two people of the facemesh
 * demo video (BlazeFace, MediaPipe blendshapes, dense.onnx; recorded with
 * {@code bin/emotionlens run --profile demo --set model=dense}). The dense model is the paper's example of an
 * oscillating classifier, so its raw labels change often.
 */
class SmoothingFiltersTest {
    static List<PredictionCsv.Track> tracks;

    @BeforeAll
    static void load() throws Exception {
        tracks = PredictionCsv.read(Path.of(SmoothingFiltersTest.class.getResource("/demo-dense-predictions.csv").toURI()));
    }

    static int changes(List<String> labels) {
        int n = 0;
        for (int i = 1; i < labels.size(); i++) {
            n += labels.get(i).equals(labels.get(i - 1)) ? 0 : 1;
        }
        return n;
    }

    static List<Prediction> run(PredictionCsv.Track t, PredictionFilter f) {
        PredictionFilter.PredictionSmoother s = f.open();
        List<Prediction> out = new ArrayList<>();
        for (PredictionCsv.Step step : t.steps()) {
            out.add(s.apply(t.face(), step.timestampMicros(), step.prediction()));
        }
        return out;
    }

    @Test
    void realSequencesHaveTwoTracksThatOscillate() {
        // Two people; the tracker gives a new id when it loses and re-finds a face, so there are more tracks.
        assertThat(tracks.size()).isGreaterThanOrEqualTo(2);
        assertThat(tracks.stream().filter(t -> t.steps().size() >= 50).count()).isGreaterThanOrEqualTo(2);
        int raw = tracks.stream().mapToInt(t -> changes(StabilityBench.labels(t, null))).sum();
        assertThat(raw).as("raw label changes of the dense model on the demo").isGreaterThan(5);
    }

    @Test
    void everyFilterGivesDistributionsAndFewerLabelChanges() {
        for (Map.Entry<String, PredictionFilter> f : StabilityBench.filters().entrySet()) {
            if (f.getValue() == null) {
                continue;
            }
            int rawTotal = 0;
            int smoothTotal = 0;
            for (PredictionCsv.Track t : tracks) {
                List<Prediction> out = run(t, f.getValue());
                for (int i = 0; i < out.size(); i++) {
                    float sum = 0;
                    for (float v : out.get(i).probabilities()) {
                        assertThat(v).isBetween(0f, 1f);
                        sum += v;
                    }
                    assertThat(sum).as("%s step %d sums to 1", f.getKey(), i).isCloseTo(1f, within(1e-4f));
                    assertThat(out.get(i).labels()).isEqualTo(t.steps().get(i).prediction().labels());
                }
                int raw = changes(StabilityBench.labels(t, null));
                int smooth = changes(out.stream().map(Prediction::label).toList());
                assertThat(smooth).as("%s on %s", f.getKey(), t.key()).isLessThanOrEqualTo(raw);
                rawTotal += raw;
                smoothTotal += smooth;
            }
            assertThat(smoothTotal).as("%s label changes vs raw %d", f.getKey(), rawTotal).isLessThan(rawTotal);
        }
    }

    @Test
    void majorityFollowsASettledLabelWithinHalfTheWindow() {
        int window = 9;
        int settled = window / 2 + 1; // this many equal labels in a row are a strict majority of the window
        int checked = 0;
        for (PredictionCsv.Track t : tracks) {
            List<String> raw = StabilityBench.labels(t, null);
            List<Prediction> out = run(t, new MajorityFilter(window, 1000));
            for (int i = settled - 1; i < raw.size(); i++) {
                if (raw.subList(i - settled + 1, i + 1).stream().distinct().count() == 1) {
                    assertThat(out.get(i).label()).as("%s step %d", t.key(), i).isEqualTo(raw.get(i));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void hysteresisSwitchesOnlyToASustainedLeaderAndNeverLaterThanItsFrames() {
        float margin = 0.15f;
        int frames = 5;
        int switches = 0;
        for (PredictionCsv.Track t : tracks) {
            List<Prediction> out = run(t, new HysteresisFilter(margin, frames, 1000));
            for (int i = 1; i < out.size(); i++) {
                String label = out.get(i).label();
                if (!label.equals(out.get(i - 1).label())) {
                    switches++;
                    for (int k = Math.max(0, i - frames + 1); k <= i; k++) {
                        assertThat(t.steps().get(k).prediction().label()).as("%s switch at %d", t.key(), i)
                                .isEqualTo(label);
                    }
                }
                // No lag beyond the window: a leader ahead of every other class by the margin for 'frames' steps
                // has taken over by then.
                if (i >= frames - 1) {
                    String leader = t.steps().get(i).prediction().label();
                    boolean sustained = true;
                    for (int k = i - frames + 1; k <= i && sustained; k++) {
                        Prediction p = t.steps().get(k).prediction();
                        sustained = p.label().equals(leader) && lead(p) > margin;
                    }
                    if (sustained) {
                        assertThat(label).as("%s step %d", t.key(), i).isEqualTo(leader);
                    }
                }
            }
        }
        assertThat(switches).isGreaterThan(0);
    }

    private static float lead(Prediction p) {
        int b = p.best();
        float second = 0;
        for (int i = 0; i < p.probabilities().length; i++) {
            if (i != b) {
                second = Math.max(second, p.probabilities()[i]);
            }
        }
        return p.probabilities()[b] - second;
    }

    @Test
    void emaStaysWithinTheRangeOfWhatItSawAndStartsFromTheFirstPrediction() {
        for (PredictionCsv.Track t : tracks) {
            List<Prediction> out = run(t, new EmaFilter(0.3, 1000));
            assertThat(out.get(0).probabilities()).containsExactly(t.steps().get(0).prediction().probabilities(),
                    within(1e-6f));
            int n = t.steps().get(0).prediction().probabilities().length;
            float[] lo = new float[n];
            float[] hi = new float[n];
            java.util.Arrays.fill(lo, 1f);
            for (int i = 0; i < out.size(); i++) {
                float[] raw = t.steps().get(i).prediction().probabilities();
                for (int c = 0; c < n; c++) {
                    lo[c] = Math.min(lo[c], raw[c]);
                    hi[c] = Math.max(hi[c], raw[c]);
                    assertThat(out.get(i).probabilities()[c]).isBetween(lo[c] - 1e-4f, hi[c] + 1e-4f);
                }
            }
        }
    }

    @Test
    void tracksAreIndependentAndAStaleTrackIsForgotten() {
        PredictionCsv.Track a = tracks.get(0);
        PredictionCsv.Track b = tracks.get(1);
        // Interleaved as the pipeline calls it (face 0, face 1 per frame) equals each track alone.
        PredictionFilter f = new EmaFilter(0.3, 1000);
        PredictionFilter.PredictionSmoother s = f.open();
        List<Prediction> alone = run(a, f);
        for (int i = 0; i < Math.min(50, Math.min(a.steps().size(), b.steps().size())); i++) {
            Prediction pa = s.apply(a.face(), a.steps().get(i).timestampMicros(), a.steps().get(i).prediction());
            s.apply(b.face(), b.steps().get(i).timestampMicros(), b.steps().get(i).prediction());
            assertThat(pa.probabilities()).containsExactly(alone.get(i).probabilities(), within(1e-7f));
        }
        // After a gap longer than forget.after.ms the track starts again from the raw prediction.
        Prediction first = a.steps().get(0).prediction();
        Prediction later = b.steps().get(b.steps().size() / 2).prediction();
        PredictionFilter.PredictionSmoother fresh = new EmaFilter(0.3, 500).open();
        fresh.apply(0, 0, first);
        Prediction soon = fresh.apply(0, 400_000, later);
        Prediction gone = fresh.apply(0, 400_000 + 600_000, later);
        assertThat(gone.probabilities()).containsExactly(later.probabilities(), within(1e-6f));
        assertThat(soon.probabilities()).isNotEqualTo(later.probabilities());
    }
}
