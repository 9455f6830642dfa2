package org.emotionlens.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.emotionlens.api.Blendshapes;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.api.image.Upscale;
import org.emotionlens.models.ModelLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One work item to its journal row on real FER2013 test images and the real models: the scores of a kept row are
 * exactly what the stages give when called one after the other (the pipeline's frame path adds nothing), a picture
 * without a face is noface (zeros with --no-filter), an entry that cannot be read is unreadable.
 */
class ItemAnalysisTest {
    @TempDir
    static Path tmp;
    static final List<AutoCloseable> MADE = new ArrayList<>();
    static Stages stages;
    static BuildInput input;

    @BeforeAll
    static void open() throws Exception {
        stages = DirectStages.open(ModelLocator.of(Path.of(BuildCommandTest.MODELS)), MADE);
        BuildOptions o = options(false, true);
        o.images = Fer2013ZipTest.ZIP;
        o.splits = Set.of("test");
        input = BuildInput.read(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err);
    }

    @AfterAll
    static void close() throws Exception {
        input.close();
        DirectStages.close(MADE, System.err);
    }

    static BuildOptions options(boolean landmarks, boolean filter) {
        BuildOptions o = new BuildOptions();
        o.out = tmp;
        o.landmarks = landmarks;
        o.filter = filter;
        return o;
    }

    @Test
    void keptRowsHoldTheScoresTheStagesGiveInTurn() throws Exception {
        List<Sample> samples = input.samples().subList(0, 12);
        int kept = 0;
        try (ItemAnalysis analysis = new ItemAnalysis(stages, input, new Labels(7), options(true, true));
                FaceTracker tracker = stages.landmarker().open(new TrackerOptions(1, false))) {
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                WorkItem it = i % 2 == 0 ? WorkItem.original(s) : new WorkItem(s, true, 12.5, "flip+rot+12.5");
                String row = analysis.row(100 + i, it);
                Image img = input.decode(s);
                img = it.flip() ? Pixels.flip(img) : img;
                img = it.angle() != 0 ? Pixels.rotate(img, it.angle()) : img;
                img = Upscale.toLongerSide(img, 64);
                List<Face> faces = tracker.process(img, 0, stages.detector());
                String head = (100 + i) + "," + s.split() + ",%s,0,angry," + s.sourceIndex() + "," + it.tag();
                if (faces.isEmpty()) {
                    assertThat(row).isEqualTo(head.formatted("noface"));
                    continue;
                }
                kept++;
                Frame frame = new Frame("dataset", 0, 0, img, null);
                StringBuilder expected = new StringBuilder(head.formatted("kept"));
                for (float v : stages.blendshapes().extract(frame, faces.get(0)).values()) {
                    expected.append(',').append(v);
                }
                for (float v : stages.landmarks().extract(frame, faces.get(0)).values()) {
                    expected.append(',').append(v);
                }
                assertThat(row).isEqualTo(expected.toString());
                assertThat(row.split(",")).hasSize(7 + Blendshapes.COUNT + 478 * 3);
            }
        }
        // deterministic: MediaPipe finds 7 of these 12 (half of them flipped and rotated), so both kinds of row were compared
        assertThat(kept).isEqualTo(7);
    }

    @Test
    void aPictureWithoutAFaceIsNofaceOrZerosWithoutTheFilter() {
        Sample blank = new Sample(5, "train", "happy", new byte[Fer.SIZE * Fer.SIZE], null);
        try (ItemAnalysis filtered = new ItemAnalysis(stages, input, new Labels(3), options(false, true));
                ItemAnalysis unfiltered = new ItemAnalysis(stages, input, new Labels(3), options(false, false))) {
            assertThat(filtered.row(0, WorkItem.original(blank))).isEqualTo("0,train,noface,0,happy,5,none");
            String zeros = unfiltered.row(1, WorkItem.original(blank));
            assertThat(zeros).startsWith("1,train,kept,0,happy,5,none,0.0,");
            String[] values = zeros.split(",");
            assertThat(values).hasSize(7 + Blendshapes.COUNT);
            assertThat(Arrays.stream(values, 7, values.length)).containsOnly("0.0");
        }
    }

    @Test
    void anEntryThatCannotBeReadIsUnreadableWithTheReason() {
        Sample missing = new Sample(9, "test", "sad", null, "test/sad/no-such-file.jpg");
        try (ItemAnalysis analysis = new ItemAnalysis(stages, input, new Labels(3), options(false, true))) {
            String row = analysis.row(3, WorkItem.original(missing));
            assertThat(row).startsWith("3,test,unreadable,2,sad,9,none,");
            assertThat(row.split(",")).hasSize(8);
        }
    }
}
