package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of the comparison report, each against the committed end-to-end comparison of the 3,589 FER2013 test
 * images (docs/classifiers/end-to-end: seven variants' prediction files and the report made from them by
 * {@code compare}): reading the files again must give the committed figures exactly.
 */
class ComparisonReportTest {
    static final Path DIR = LauncherTest.HOME.resolve("docs/classifiers/end-to-end");
    static final List<String> VARIANTS = List.of("fer2013-test", "fer2013-test-selected", "fer2013-test-dense",
            "fer2013-test-ours", "fer2013-test-landmarks", "fer2013-test-both", "fer2013-test-fusion", "fer2013-test-fusion-fallback",
            "fer2013-test-peer");

    static Map<String, CSVRecord> committed(String file) throws Exception {
        Map<String, CSVRecord> rows = new HashMap<>();
        try (Reader in = Files.newBufferedReader(DIR.resolve(file))) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                rows.put(r.get("variant"), r);
            }
        }
        return rows;
    }

    static PredictionsFile predictions(String variant) throws Exception {
        return PredictionsFile.read(DIR.resolve(variant).resolve("predictions.csv"), Map.of(), true);
    }

    @Test
    void endToEndScoresEqualTheCommittedOnes() throws Exception {
        Map<String, CSVRecord> expected = committed("end-to-end.csv");
        for (String v : VARIANTS) {
            EndToEndScore s = EndToEndScore.of(predictions(v));
            CSVRecord e = expected.get(v);
            assertThat(s.frames()).as(v).isEqualTo(3589).isEqualTo(Long.parseLong(e.get("images")));
            assertThat(s.noFace()).as(v).isEqualTo(Long.parseLong(e.get("no_face")));
            assertThat(s.accuracy()).as(v).isCloseTo(Double.parseDouble(e.get("accuracy")), offset(1e-6));
            assertThat(s.macroF1()).as(v).isCloseTo(Double.parseDouble(e.get("macro_f1")), offset(1e-6));
            assertThat(Arrays.deepToString(s.confusion())).as(v).isEqualTo(e.get("confusion"));
        }
    }

    @Test
    void variantFiguresEqualTheCommittedOnes() throws Exception {
        Map<String, CSVRecord> expected = committed("report.csv");
        for (String v : VARIANTS) {
            VariantFigures f = VariantFigures.of(v, predictions(v), Map.of());
            CSVRecord e = expected.get(v);
            assertThat(f.seen()).as(v).hasSize(3589);
            assertThat(f.frames()).as(v).isEqualTo(Long.parseLong(e.get("frames")));
            assertThat((long) f.rows().size()).as(v).isEqualTo(Long.parseLong(e.get("faces")));
            for (String label : ComparisonReport.LABELS) {
                assertThat(f.labelCounts().getOrDefault(label, 0L)).as(v + " " + label)
                        .isEqualTo(Long.parseLong(e.get(label)));
            }
            assertThat(f.accuracy()).as(v).isCloseTo(Double.parseDouble(e.get("accuracy")), offset(5e-5));
            assertThat(f.macroF1()).as(v).isCloseTo(Double.parseDouble(e.get("macro_f1")), offset(5e-5));
            assertThat(f.changesPerMinute()).as(v).isCloseTo(Double.parseDouble(e.get("changes_per_minute")),
                    offset(5e-4));
        }
    }

    @Test
    void agreementEqualsTheCommittedMatrix() throws Exception {
        List<VariantFigures> figures = new ArrayList<>();
        for (String v : VARIANTS) {
            figures.add(VariantFigures.of(v, predictions(v), Map.of()));
        }
        double[][] a = AgreementMatrix.of(figures);
        Map<String, CSVRecord> expected = committed("agreement.csv");
        for (int i = 0; i < VARIANTS.size(); i++) {
            assertThat(a[i][i]).isEqualTo(1.0);
            for (int j = 0; j < VARIANTS.size(); j++) {
                assertThat(a[i][j]).as(VARIANTS.get(i) + " vs " + VARIANTS.get(j))
                        .isCloseTo(Double.parseDouble(expected.get(VARIANTS.get(i)).get(VARIANTS.get(j))), offset(5e-5))
                        .isEqualTo(a[j][i]);
            }
        }
    }

    @Test
    void reportWrittenAgainEqualsTheCommittedTables(@TempDir Path tmp) throws Exception {
        Map<String, Path> files = new LinkedHashMap<>();
        VARIANTS.forEach(v -> files.put(v, DIR.resolve(v).resolve("predictions.csv")));
        ComparisonReport report = new ComparisonReport(files, Map.of(), true, Map.of());
        report.write(tmp, "test");
        assertThat(report.sameFrames).isTrue();
        assertThat(Files.readAllLines(tmp.resolve("end-to-end.csv")))
                .isEqualTo(Files.readAllLines(DIR.resolve("end-to-end.csv")));
        assertThat(Files.readAllLines(tmp.resolve("agreement.csv")))
                .isEqualTo(Files.readAllLines(DIR.resolve("agreement.csv")));
        assertThat(Files.size(tmp.resolve("report.png"))).isGreaterThan(10_000);
    }

    @Test
    void quotedSourcesAndShortLinesAreReadAsTheSinkWritesThem(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("predictions.csv");
        Files.writeString(csv, "pipeline,source,frame,timestamp_us,face,box_x,box_y,box_w,box_h,truth,source_index,model,label\n"
                + "p,\"test/happy/a,b.jpg\",0,0,0,0.1,0.1,0.5,0.5,,,m,happy\n"
                + "p,\"test/sad/say \"\"hi\"\".jpg\",1,33333,,,,,,,,,\n"
                + "p,test/sad/c.jpg,2,66666,0,0.1,0.1,0.5,0.5,,,m,unknown\n");
        PredictionsFile f = PredictionsFile.read(csv, Map.of(), true);
        assertThat(f.lines).extracting(PredictionsFile.Line::source)
                .containsExactly("test/happy/a,b.jpg", "test/sad/say \"hi\".jpg", "test/sad/c.jpg");
        assertThat(f.rows()).extracting(PredictionsFile.Row::truth).containsExactly("happy", "sad");
        EndToEndScore s = EndToEndScore.of(f);
        assertThat(s.noFace()).isEqualTo(1);
        assertThat(s.accuracy()).isCloseTo(1 / 3.0, offset(1e-12));
        assertThat(Arrays.deepToString(s.confusion())).isEqualTo("[[1, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 1]]");
    }

    @Test
    void aFileWithoutTheSinksColumnsIsRefusedNamingIt(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("scores.csv");
        Files.writeString(csv, "frame,score\n0,0.5\n");
        assertThatThrownBy(() -> PredictionsFile.read(csv, Map.of(), false))
                .hasMessageContaining(csv.toString()).hasMessageContaining("no 'face' column");
    }

    @Test
    void labelsFilesGiveLabelsByFrameAndFaceAndNameTheLineOfABadOne(@TempDir Path tmp) throws Exception {
        Path ok = tmp.resolve("labels.csv");
        Files.writeString(ok, "frame,face,label\n0,0,happy\n\n1,0,2\n 2 , 1 , Unknown \n");
        assertThat(LabelsFile.read(ok)).containsExactly(Map.entry("0/0", "happy"), Map.entry("1/0", "sad"),
                Map.entry("2/1", "unknown"));
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "frame,label\n0,happy\n1,angry\n");
        assertThatThrownBy(() -> LabelsFile.read(bad)).hasMessageContaining(bad + ":3")
                .hasMessageContaining("label 'angry'");
        Path noHeader = tmp.resolve("none.csv");
        Files.writeString(noHeader, "0,happy\n");
        assertThatThrownBy(() -> LabelsFile.read(noHeader)).hasMessageContaining("must name 'frame' and 'label'");
    }
}
