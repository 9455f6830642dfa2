package org.emotionlens.source.csv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Face;
import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameStream;
import org.emotionlens.api.SourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The blendshape CSV source on the paper's own files (../shared/data/fer2013-blendshapes). */
class CsvFrameSourceTest {
    static final Path DATA = Path.of(System.getProperty("emotionlens.shared", "../../../shared"))
            .resolve("data/fer2013-blendshapes");
    static final Path TEST = DATA.resolve("blends_test_full_set.csv");
    static final Path INDEXED = DATA.resolve("blends_test_index.csv");

    @TempDir
    Path tmp;

    static List<Frame> all(CsvFrameSource source) throws SourceException {
        List<Frame> frames = new ArrayList<>();
        try (FrameStream s = source.open()) {
            for (Frame f; (f = s.next()) != null;) {
                frames.add(f);
            }
        }
        return frames;
    }

    static CsvFrameSource source(Path csv, int skip, String onBadRow) {
        return new CsvFrameSource(csv, skip, onBadRow, 30.0, 0);
    }

    @Test
    void everyRowOfThePapersTestFileIsAFrameWithOneFaceItsScoresAndItsLabel() throws Exception {
        List<String> lines = Files.readAllLines(TEST);
        List<Frame> frames = all(source(TEST, 0, "fail"));
        assertThat(frames).hasSize(1647).hasSize(lines.size());
        for (int i = 0; i < frames.size(); i += 97) {
            Frame f = frames.get(i);
            assertThat(f.index()).isEqualTo(i);
            assertThat(f.timestampMicros()).isEqualTo(Math.round(i * 1_000_000 / 30.0));
            assertThat(f.image()).isNull();
            assertThat(f.faces()).hasSize(1);
            Face face = f.faces().get(0);
            String[] cells = lines.get(i).split(",");
            assertThat(face.blendshapes()).hasSize(Blendshapes.COUNT);
            for (int k = 0; k < Blendshapes.COUNT; k++) {
                assertThat(face.blendshapes()[k]).isEqualTo(Float.parseFloat(cells[k]));
            }
            int code = (int) Double.parseDouble(cells[Blendshapes.COUNT]);
            assertThat(face.attributes().get(Face.TRUTH)).isEqualTo(List.of("happy", "unknown", "sad").get(code));
            assertThat(face.attributes().get(Face.SOURCE_INDEX)).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void skippedRowsKeepTheirSourceIndexAndTheIndexColumnIsUsedWhenPresent() throws Exception {
        List<Frame> skipped = all(source(TEST, 1, "fail"));
        assertThat(skipped).hasSize(1646);
        assertThat(skipped.get(0).index()).isZero();
        assertThat(skipped.get(0).faces().get(0).attributes().get(Face.SOURCE_INDEX)).isEqualTo("1");

        String firstIndex = Files.readAllLines(INDEXED).get(0).split(",")[Blendshapes.COUNT + 1];
        Frame first = all(source(INDEXED, 0, "fail")).get(0);
        assertThat(first.faces().get(0).attributes().get(Face.SOURCE_INDEX))
                .isEqualTo(Long.toString((long) Double.parseDouble(firstIndex)));
    }

    @Test
    void aHeaderWithAByteOrderMarkAndColumnsInAnyOrderGivesTheSameScores() throws Exception {
        List<String> rows = Files.readAllLines(TEST).subList(0, 20);
        List<String> names = new ArrayList<>(Blendshapes.NAMES);
        java.util.Collections.reverse(names);
        StringBuilder b = new StringBuilder("\uFEFFlabel," + String.join(",", names) + ",extra\n");
        for (String row : rows) {
            String[] c = row.split(",");
            StringBuilder r = new StringBuilder(c[Blendshapes.COUNT]);
            for (int k = Blendshapes.COUNT - 1; k >= 0; k--) {
                r.append(',').append(c[k]);
            }
            b.append(r).append(",ignored\n");
        }
        Path csv = Files.writeString(tmp.resolve("header.csv"), b.toString(), StandardCharsets.UTF_8);
        List<Frame> fromHeader = all(source(csv, 0, "fail"));
        List<Frame> plain = all(new CsvFrameSource(TEST, 0, "fail", 30.0, 20));
        assertThat(fromHeader).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(fromHeader.get(i).faces().get(0).blendshapes())
                    .containsExactly(plain.get(i).faces().get(0).blendshapes());
            assertThat(fromHeader.get(i).faces().get(0).attributes().get(Face.TRUTH))
                    .isEqualTo(plain.get(i).faces().get(0).attributes().get(Face.TRUTH));
        }
    }

    @Test
    void aScoreOutsideZeroToOneFailsNamingFileAndLineOrIsSkippedWhenAsked() throws Exception {
        List<String> rows = new ArrayList<>(Files.readAllLines(TEST).subList(0, 3));
        String[] c = rows.get(1).split(",");
        c[4] = "-0.25";
        rows.set(1, String.join(",", c));
        Path csv = Files.write(tmp.resolve("range.csv"), rows);
        CsvFrameSource strict = source(csv, 0, "fail");
        try (FrameStream s = strict.open()) {
            assertThat(s.next()).isNotNull();
            assertThatThrownBy(s::next).isInstanceOf(SourceException.class)
                    .hasMessageContaining(csv + ":2: row column 5 (browOuterUpLeft) is -0.25, outside 0..1");
        }
        assertThat(all(source(csv, 0, "skip"))).hasSize(2);
    }

    @Test
    void aFileWithoutAUsableRowIsAnError() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
        Path header = Files.writeString(tmp.resolve("header.csv"), String.join(",", Blendshapes.NAMES) + ",label\n");
        Path blank = Files.writeString(tmp.resolve("blank.csv"), "\n\n  \n");
        String bad = Files.readAllLines(TEST).get(0).replaceFirst(",[^,]*$", ",7"); // label 7: no such class
        Path allBad = Files.writeString(tmp.resolve("bad.csv"), bad + "\n" + bad + "\n");
        assertThatThrownBy(() -> all(source(empty, 0, "fail"))).hasMessageContaining(empty + ": no usable row: the"
                + " file is empty");
        assertThatThrownBy(() -> all(source(header, 0, "fail"))).hasMessageContaining("a header and no data rows");
        assertThatThrownBy(() -> all(source(blank, 0, "fail"))).hasMessageContaining("only blank lines");
        assertThatThrownBy(() -> all(source(allBad, 0, "skip"))).hasMessageContaining("all 2 data rows are"
                + " malformed");
        assertThatThrownBy(() -> all(source(TEST, 5000, "fail"))).hasMessageContaining("skip.rows=5000");
    }

    @Test
    void aMissingFileOrABadSettingIsRefusedAtActivation() {
        assertThatThrownBy(() -> source(tmp.resolve("no.csv"), 0, "fail")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.csv").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> source(TEST, 0, "ignore")).hasMessageContaining("on.bad.row");
    }
}
