package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --labels folders} on real FER2013 test images read from the shared zip: every image is scored
 * end to end, images without a face count as errors, and the figures can be recomputed from the prediction files.
 */
class LabelledImagesCompareTest {
    @Test
    void scoresEveryImageOfALabelledZipEndToEnd(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cmp");
        LauncherTest.Run r = LauncherTest.launch(LauncherTest.HOME, "compare", "--profiles",
                "fer2013-test,fer2013-test-peer,fer2013-test-both", "--set", "split=test/disgust", "--labels",
                "folders", "--output", out.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("End to end").contains("| fer2013-test | 55 |");
        List<String> rows = Files.readAllLines(out.resolve("end-to-end.csv"));
        assertThat(rows.get(0)).isEqualTo("variant,images,no_face,accuracy,macro_f1,confusion");
        // fer2013-test-both: blendshapes and landmarks joined by emotion.features.concat, one model reading both
        for (String variant : List.of("fer2013-test", "fer2013-test-peer", "fer2013-test-both")) {
            String line = rows.stream().filter(l -> l.startsWith(variant + ",")).findFirst().orElseThrow();
            String[] c = line.split(",");
            assertThat(c[1]).as(line).isEqualTo("55"); // FER2013 PrivateTest has 55 disgust images
            // recompute from the prediction file: disgust is 'unknown'; a frame without a face is an error
            List<String> preds = Files.readAllLines(out.resolve(variant).resolve("predictions.csv"));
            List<String> header = List.of(preds.get(0).split(","));
            int face = header.indexOf("face");
            int label = header.indexOf("label");
            long withFace = preds.stream().skip(1).map(l -> l.split(",", -1)).filter(f -> !f[face].isEmpty()).count();
            long correct = preds.stream().skip(1).map(l -> l.split(",", -1))
                    .filter(f -> !f[face].isEmpty() && f[label].equals("unknown")).count();
            assertThat(Long.parseLong(c[2])).as("no face").isEqualTo(55 - withFace);
            assertThat(Double.parseDouble(c[3])).as("accuracy").isCloseTo(correct / 55.0,
                    org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
