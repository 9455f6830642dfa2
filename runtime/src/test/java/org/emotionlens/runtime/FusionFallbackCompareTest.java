package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fer2013-test-fusion-fallback profile run for real (compare, one container, the real models) beside
 * fer2013-test-fusion and fer2013-test-peer on a few FER2013 test images: four that BlazeFace finds but MediaPipe's
 * landmark model rejects at presence 0.5 and four it keeps. The fusion gives the rejected ones no face; the fallback
 * gives them the peer CNN's prediction on the same crop, and on the faces MediaPipe keeps says what the fusion says.
 */
class FusionFallbackCompareTest {
    /** BlazeFace scores 0.70, 0.54, 0.54 and 0.82 on these (at 64 px); the landmark model rejects all four. */
    static final List<String> REJECTED = List.of("test/angry/PrivateTest_12846357.jpg",
            "test/angry/PrivateTest_13164119.jpg", "test/angry/PrivateTest_14494003.jpg",
            "test/angry/PrivateTest_14740105.jpg");

    @Test
    void facesTheLandmarkModelRejectsAreClassifiedByThePeerCnnOnTheirBox(@TempDir Path tmp) throws Exception {
        Path zip = tmp.resolve("few.zip");
        int kept = 0;
        try (ZipFile all = new ZipFile(LauncherTest.SHARED.resolve("data/fer2013/fer2013-images.zip").toFile());
                OutputStream out = Files.newOutputStream(zip); ZipOutputStream few = new ZipOutputStream(out)) {
            for (String name : REJECTED) {
                copy(all, name, few);
            }
            // the first happy test images, most of which MediaPipe keeps
            for (ZipEntry e : all.stream().filter(e -> e.getName().startsWith("test/happy/")
                    && e.getName().endsWith(".jpg")).limit(4).toList()) {
                copy(all, e.getName(), few);
                kept++;
            }
        }
        Path dir = tmp.resolve("cmp");
        LauncherTest.Run r = LauncherTest.launch(LauncherTest.HOME, "compare", "--profiles",
                "fer2013-test-fusion,fer2013-test-fusion-fallback,fer2013-test-peer", "--set", "input=" + zip,
                "--labels", "folders", "--output", dir.toString());
        assertThat(r.code()).as(r.all()).isZero();
        Map<String, CSVRecord> fusion = rows(dir, "fer2013-test-fusion");
        Map<String, CSVRecord> fallback = rows(dir, "fer2013-test-fusion-fallback");
        Map<String, CSVRecord> peer = rows(dir, "fer2013-test-peer");
        assertThat(fallback).hasSize(REJECTED.size() + kept).containsOnlyKeys(peer.keySet());
        int rescued = 0;
        for (Map.Entry<String, CSVRecord> e : fallback.entrySet()) {
            String image = e.getKey();
            CSVRecord f = fusion.get(image);
            CSVRecord fb = e.getValue();
            CSVRecord p = peer.get(image);
            if (REJECTED.contains(image)) {
                assertThat(f.get("face")).as("fusion, %s", image).isEmpty();
            }
            // every face the peer's detector boxes give has an emotion in the fallback
            assertThat(fb.get("face").isEmpty()).as(image).isEqualTo(p.get("face").isEmpty());
            if (fb.get("face").isEmpty()) {
                continue;
            }
            assertThat(fb.get("model")).isEqualTo("landmarks+peer");
            CSVRecord same = f.get("face").isEmpty() ? p : f;
            if (same == p) {
                rescued++;
                // the detector's own box: the crop CNN saw the peer profile's crop, and only it voted
                for (String c : List.of("box_x", "box_y", "box_w", "box_h")) {
                    assertThat(fb.get(c)).as("%s %s", image, c).isEqualTo(p.get(c));
                }
            }
            for (String c : List.of("label", "p_happy", "p_unknown", "p_sad")) {
                assertThat(fb.get(c)).as("%s %s", image, c).isNotEmpty();
                if (c.equals("label")) {
                    assertThat(fb.get(c)).as("%s %s", image, c).isEqualTo(same.get(c));
                } else {
                    assertThat(Double.parseDouble(fb.get(c))).as("%s %s", image, c)
                            .isCloseTo(Double.parseDouble(same.get(c)), org.assertj.core.data.Offset.offset(1e-6));
                }
            }
        }
        assertThat(rescued).isGreaterThanOrEqualTo(REJECTED.size());
        // the report: the fallback has no more faceless images than the peer, the fusion at least the rejected ones
        List<String> report = Files.readAllLines(dir.resolve("end-to-end.csv"));
        assertThat(noFace(report, "fer2013-test-fusion-fallback")).isEqualTo(noFace(report, "fer2013-test-peer"));
        assertThat(noFace(report, "fer2013-test-fusion")).isGreaterThanOrEqualTo(REJECTED.size());
    }

    private static void copy(ZipFile from, String name, ZipOutputStream to) throws Exception {
        to.putNextEntry(new ZipEntry(name));
        try (InputStream in = from.getInputStream(from.getEntry(name))) {
            in.transferTo(to);
        }
        to.closeEntry();
    }

    /** The rows of a variant's predictions.csv by source image (one face per image here). */
    private static Map<String, CSVRecord> rows(Path dir, String variant) throws Exception {
        Map<String, CSVRecord> rows = new HashMap<>();
        try (Reader in = Files.newBufferedReader(dir.resolve(variant).resolve("predictions.csv"))) {
            for (CSVRecord rec : PredictionsFile.FORMAT.parse(in)) {
                assertThat(rows.put(rec.get("source"), rec)).as("one row per image").isNull();
            }
        }
        return rows;
    }

    private static long noFace(List<String> report, String variant) {
        String line = report.stream().filter(l -> l.startsWith(variant + ",")).findFirst().orElseThrow();
        return Long.parseLong(line.split(",")[2]);
    }
}
