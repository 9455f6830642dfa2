package org.emotionlens.filter.smoothing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The committed stability figures agree with the committed comparison: StabilityBench on the predictions in
 * docs/compare/demo-video gives docs/live/stability.csv byte for byte, and its raw figures equal
 * docs/compare/demo-video/report.csv. Fails when one of the two was regenerated (new models) without the other:
 * rerun the command in docs/compare/demo-video/report.md, then docs/live/stability.sh.
 */
class StabilityDocsTest {
    static final Path PROJECT = Path.of(System.getProperty("emotionlens.project", "../.."));
    static final Path COMPARE = PROJECT.resolve("docs/compare/demo-video");

    /** The models of docs/live/stability.sh and their compare variants, in its order. */
    static Map<String, Path> inputs() {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("lstm-paper", COMPARE.resolve("demo/predictions.csv"));
        m.put("dense", COMPARE.resolve("demo-dense/predictions.csv"));
        m.put("ours", COMPARE.resolve("demo-ours/predictions.csv"));
        m.put("lstm-paper-selected", COMPARE.resolve("selected/predictions.csv"));
        m.put("landmarks-dense", COMPARE.resolve("landmarks/predictions.csv"));
        return m;
    }

    @Test
    void stabilityCsvIsWhatTheBenchGivesOnTheCommittedComparison() throws Exception {
        StabilityBench.Output o = StabilityBench.measure(inputs(), COMPARE.resolve("report.csv"));
        assertThat(o.ok()).as("raw figures equal docs/compare/demo-video/report.csv:%n%s", o.markdown()).isTrue();
        assertThat(o.csv()).as("docs/live/stability.csv == StabilityBench on docs/compare/demo-video's predictions;"
                + " rerun docs/live/stability.sh").isEqualTo(Files.readString(PROJECT.resolve("docs/live/stability.csv")));
        String doc = Files.readString(PROJECT.resolve("docs/live/stability.md"));
        String tables = o.markdown().substring(0, o.markdown().indexOf("\n### Raw figures beside"));
        assertThat(doc).as("docs/live/stability.md holds the bench's tables; rerun docs/live/stability.sh")
                .contains(tables);
    }
}
