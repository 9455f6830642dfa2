package org.emotionlens.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.emotionlens.api.Frame;
import org.emotionlens.api.FrameResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-set sink on its own: results arriving out of work order (several pipelines) are journalled in work
 * order, a chunk at a time; a source is held back while it runs a window ahead of the first missing row, and a
 * cancelled pass releases it.
 */
class DatasetSinkTest {
    @TempDir
    Path dir;
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    /** What the pipeline hands on for an image without a face: the frame's identity and no face. */
    private static FrameResult noface(long seq) {
        Frame f = new Frame(ItemFrames.SOURCE_ID, seq, 0, null, List.of(), Map.of(ItemFrames.SPLIT, "train",
                ItemFrames.LABEL, "1", ItemFrames.CLASS, "fear", ItemFrames.SOURCE_INDEX, Long.toString(40 + seq),
                ItemFrames.AUGMENTATION, "none"));
        return new FrameResult("dataset-1", f, List.of(), Map.of());
    }

    private DatasetSink sink(Journal journal, int chunk, int window) {
        return new DatasetSink(journal, new ItemRow(true, 52), new Progress(quiet, "test", 0, 10, false), 0, 0, chunk,
                window);
    }

    @Test
    void rowsOutOfOrderAreJournalledInWorkOrderAChunkAtATime() throws Exception {
        Journal journal = new Journal(dir);
        journal.open("fp", true, quiet);
        DatasetSink sink = sink(journal, 4, 100);
        for (long seq : new long[] {1, 3, 0, 5}) {
            sink.accept(noface(seq));
        }
        assertThat(sink.committed()).as("0, 1 in order; 3 and 5 wait for 2 and 4").isZero();
        sink.accept(noface(2)); // 0..3 now follow without a gap: one chunk of 4
        assertThat(sink.committed()).isEqualTo(4);
        sink.accept(noface(4));
        assertThat(sink.committed()).isEqualTo(4);
        sink.flush();
        assertThat(sink.committed()).isEqualTo(6);
        assertThat(Files.readAllLines(dir.resolve(Journal.JOURNAL))).containsExactly(
                "0,train,noface,1,fear,40,none", "1,train,noface,1,fear,41,none", "2,train,noface,1,fear,42,none",
                "3,train,noface,1,fear,43,none", "4,train,noface,1,fear,44,none", "5,train,noface,1,fear,45,none");
        assertThat(Files.readString(dir.resolve(Journal.CHECKPOINT))).contains("items=6");
    }

    @Test
    void aSourceWaitsWhileAWindowAheadAndACancelledPassReleasesIt() throws Exception {
        Journal journal = new Journal(dir);
        journal.open("fp", true, quiet);
        DatasetSink sink = sink(journal, 8, 2);
        assertThat(sink.awaitTurn(1)).isTrue();
        CompletableFuture<Boolean> item2 = CompletableFuture.supplyAsync(() -> turn(sink, 2));
        Thread.sleep(200);
        assertThat(item2).as("item 2 runs two ahead of the missing item 0").isNotDone();
        sink.accept(noface(0));
        assertThat(item2.get(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> item9 = CompletableFuture.supplyAsync(() -> turn(sink, 9));
        Thread.sleep(200);
        assertThat(item9).isNotDone();
        sink.cancel();
        assertThat(item9.get(10, TimeUnit.SECONDS)).as("cancelled: the source stops").isFalse();
    }

    private static boolean turn(DatasetSink sink, long seq) {
        try {
            return sink.awaitTurn(seq);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
