package org.emotionlens.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.emotionlens.api.Blendshapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-set files from a journal: rows per split, landmark files beside them, dropped.csv, and the counts. */
class OutputFilesTest {
    @TempDir
    Path dir;

    private static String values(int n, float base) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(',').append(base + i / 1000f);
        }
        return b.toString();
    }

    @Test
    void writesEachKeptRowToItsSplitAndListsTheRest() throws Exception {
        Journal journal = new Journal(dir);
        journal.open("fp", false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String train = values(Blendshapes.COUNT, 0.1f) + values(3, 0.7f);
        String test = values(Blendshapes.COUNT, 0.2f) + values(3, 0.8f);
        journal.commit(List.of("0,train,kept,0,happy,4,none" + train, "1,train,noface,2,sad,7,none",
                "2,test,kept,2,sad,11,none" + test, "3,train,unreadable,1,angry,12,none,broken file",
                "4,train,kept,0,happy,4,flip+rot+3.0" + train), 5);
        Counts counts = new Counts();
        for (String split : List.of("train", "test", "validation")) {
            counts.add("read", split, "happy"); // every split read gets a file, even one without rows
        }
        ByteArrayOutputStream warned = new ByteArrayOutputStream();
        int unreadable = new OutputFiles(dir, new Labels(3), List.of("a", "b", "c"),
                new PrintStream(warned, true, StandardCharsets.UTF_8)).write(journal, counts);

        assertThat(unreadable).isEqualTo(1);
        assertThat(warned.toString(StandardCharsets.UTF_8)).contains("skipped unreadable image: broken file");
        String header = String.join(",", Blendshapes.NAMES) + ",label,source_index,augmentation";
        assertThat(Files.readAllLines(dir.resolve("train.csv"))).containsExactly(header,
                values(Blendshapes.COUNT, 0.1f).substring(1) + ",0,4,none",
                values(Blendshapes.COUNT, 0.1f).substring(1) + ",0,4,flip+rot+3.0");
        assertThat(Files.readAllLines(dir.resolve("test-landmarks.csv"))).containsExactly(
                "a,b,c,label,source_index,augmentation", values(3, 0.8f).substring(1) + ",2,11,none");
        assertThat(Files.readAllLines(dir.resolve("validation.csv"))).containsExactly(header);
        assertThat(Files.readAllLines(dir.resolve("dropped.csv"))).containsExactly(
                "source_index,split,class,label,augmentation,reason", "7,train,sad,2,none,no face found by MediaPipe",
                "12,train,angry,1,none,broken file");
        assertThat(counts.get("original-kept", "train", "happy")).isEqualTo(1);
        assertThat(counts.get("augmented-kept", "train", "happy")).isEqualTo(1);
        assertThat(counts.get("original-dropped", "train", "sad")).isEqualTo(1);
        assertThat(counts.get("original-unreadable", "train", "angry")).isEqualTo(1);
        assertThat(counts.get("rows", "train", "happy")).isEqualTo(2);
        assertThat(counts.get("rows", "test", "sad")).isEqualTo(1);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }
}
