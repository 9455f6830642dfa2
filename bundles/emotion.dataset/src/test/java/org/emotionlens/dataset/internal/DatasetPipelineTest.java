package org.emotionlens.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.emotionlens.pipeline.FixedPipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work items through the build's pipeline runs (data-set source, detector, the landmarker's tracker in IMAGE mode,
 * the build's features, data-set sink) to their journal rows, on real FER2013 test images and the real models: a
 * kept row holds exactly the floats the stages give when called one after the other (the pipeline adds nothing),
 * whatever the number of pipelines; a picture without a face is noface (zeros with --no-filter); an entry that
 * cannot be read reaches the journal as unreadable with the reason.
 */
class DatasetPipelineTest {
    @TempDir
    static Path tmp;
    static final List<AutoCloseable> MADE = new ArrayList<>();
    static Stages stages;
    static BuildInput input;
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8);

    @BeforeAll
    static void open() throws Exception {
        stages = DirectStages.open(ModelLocator.of(Path.of(BuildCommandTest.MODELS)), MADE);
        BuildOptions o = new BuildOptions();
        o.out = tmp;
        o.images = Fer2013ZipTest.ZIP;
        o.splits = Set.of("test");
        input = BuildInput.read(o, QUIET, System.err);
    }

    @AfterAll
    static void close() throws Exception {
        input.close();
        DirectStages.close(MADE, System.err);
    }

    /** The journal rows of {@code items} run through {@code threads} pipelines, as the build runs a pass. */
    static List<String> rows(List<WorkItem> items, boolean landmarks, boolean filter, Labels labels, int threads)
            throws Exception {
        Path dir = Files.createTempDirectory(tmp, "journal");
        Journal journal = new Journal(dir);
        journal.open("test", true, QUIET);
        DatasetFeatures features = new DatasetFeatures(stages.blendshapes(), landmarks ? stages.landmarks() : null);
        AnalysisRun run = new AnalysisRun(new FixedPipeline.Stages(stages.detector(), stages.landmarker(), features,
                null), new ItemFrames(input, labels, 64), new ItemRow(filter, features.names().size()), threads, -1,
                journal, QUIET);
        assertThat(run.process(items, 100, 100, "test")).isEqualTo(100 + items.size());
        return Files.readAllLines(dir.resolve(Journal.JOURNAL));
    }

    @Test
    void keptRowsHoldTheScoresTheStagesGiveInTurnWhateverThePipelines() throws Exception {
        List<Sample> samples = input.samples().subList(0, 12);
        List<WorkItem> items = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            items.add(i % 2 == 0 ? WorkItem.original(s) : new WorkItem(s, true, 12.5, "flip+rot+12.5"));
        }
        List<String> rows = rows(items, true, true, new Labels(7), 3);
        assertThat(rows(items, true, true, new Labels(7), 1)).as("one pipeline, same rows").isEqualTo(rows);
        int kept = 0;
        try (FaceTracker tracker = stages.landmarker().open(new TrackerOptions(1, false))) {
            for (int i = 0; i < items.size(); i++) {
                WorkItem it = items.get(i);
                Sample s = it.sample();
                Image img = input.decode(s);
                img = it.flip() ? Pixels.flip(img) : img;
                img = it.angle() != 0 ? Pixels.rotate(img, it.angle()) : img;
                img = Upscale.toLongerSide(img, 64);
                List<Face> faces = tracker.process(img, 0, stages.detector());
                String head = (100 + i) + "," + s.split() + ",%s,0,angry," + s.sourceIndex() + "," + it.tag();
                if (faces.isEmpty()) {
                    assertThat(rows.get(i)).isEqualTo(head.formatted("noface"));
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
                assertThat(rows.get(i)).isEqualTo(expected.toString());
                assertThat(rows.get(i).split(",")).hasSize(7 + Blendshapes.COUNT + 478 * 3);
            }
        }
        // deterministic: MediaPipe finds 7 of these 12 (half of them flipped and rotated), so both kinds of row were compared
        assertThat(kept).isEqualTo(7);
    }

    @Test
    void aPictureWithoutAFaceIsNofaceOrZerosWithoutTheFilter() throws Exception {
        Sample blank = new Sample(5, "train", "happy", new byte[Fer.SIZE * Fer.SIZE], null);
        List<WorkItem> item = List.of(WorkItem.original(blank));
        assertThat(rows(item, false, true, new Labels(3), 2)).containsExactly("100,train,noface,0,happy,5,none");
        String zeros = rows(item, false, false, new Labels(3), 2).get(0);
        assertThat(zeros).startsWith("100,train,kept,0,happy,5,none,0.0,");
        String[] values = zeros.split(",");
        assertThat(values).hasSize(7 + Blendshapes.COUNT);
        assertThat(Arrays.stream(values, 7, values.length)).containsOnly("0.0");
    }

    @Test
    void anEntryThatCannotBeReadReachesTheJournalAsUnreadableWithTheReason() throws Exception {
        Sample missing = new Sample(9, "test", "sad", null, "test/sad/no-such-file.jpg");
        Frame frame = new ItemFrames(input, new Labels(3), 64).frame(3, WorkItem.original(missing));
        assertThat(frame.image()).isNull();
        assertThat(frame.faces()).isEmpty();
        assertThat(frame.metadata()).containsEntry(ItemFrames.SOURCE_INDEX, "9")
                .containsEntry(ItemFrames.AUGMENTATION, "none").containsKey(ItemFrames.UNREADABLE);
        // between two readable images, in its place
        List<WorkItem> items = List.of(WorkItem.original(input.samples().get(0)), WorkItem.original(missing),
                WorkItem.original(input.samples().get(1)));
        List<String> rows = rows(items, false, true, new Labels(3), 2);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).startsWith("101,test,unreadable,2,sad,9,none,").contains("no-such-file.jpg");
        assertThat(rows.get(1).split(",")).hasSize(8);
        assertThat(rows.get(0)).startsWith("100,test,");
        assertThat(rows.get(2)).startsWith("102,test,");
    }
}
