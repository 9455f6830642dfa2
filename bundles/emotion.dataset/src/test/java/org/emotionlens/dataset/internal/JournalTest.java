package org.emotionlens.dataset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal and its checkpoint: committed rows survive, a half-written chunk does not, other builds are refused. */
class JournalTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);

    private List<Journal.Row> rows(Journal j) throws Exception {
        List<Journal.Row> rows = new ArrayList<>();
        j.read(rows::add);
        return rows;
    }

    @Test
    void aResumedJournalKeepsTheCommittedRowsAndDropsWhatFollowsTheCheckpoint() throws Exception {
        Journal j = new Journal(dir);
        assertThat(j.open("fp", false, out)).isZero();
        j.commit(List.of("0,train,kept,0,happy,4,none,0.5,0.25", "1,train,noface,2,sad,7,none"), 2);
        assertThat(Files.readString(dir.resolve(Journal.CHECKPOINT))).contains("items=2").contains("fingerprint=fp");
        // a chunk being written when the build was killed
        Files.writeString(dir.resolve(Journal.JOURNAL), "2,train,kept,0,ha", StandardOpenOption.APPEND);

        Journal again = new Journal(dir);
        assertThat(again.open("fp", false, out)).isEqualTo(2);
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("resuming").contains("2 work items already done");
        List<Journal.Row> rows = rows(again);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEqualTo(new Journal.Row("train", "kept", "0", "happy", "4", "none", "0.5,0.25"));
        assertThat(rows.get(0).original()).isTrue();
        assertThat(rows.get(1)).isEqualTo(new Journal.Row("train", "noface", "2", "sad", "7", "none", ""));
        again.commit(List.of("2,train,unreadable,0,happy,9,flip+rot+3.0,bad; file"), 3);
        assertThat(rows(again).get(2).original()).isFalse();
        assertThat(rows(again).get(2).rest()).isEqualTo("bad; file");
    }

    @Test
    void anotherBuildsJournalIsRefusedUnlessRestarted() throws Exception {
        Journal j = new Journal(dir);
        j.open("fp", false, out);
        j.commit(List.of("0,train,noface,2,sad,7,none"), 1);
        assertThatThrownBy(() -> new Journal(dir).open("other", false, out)).isInstanceOf(UsageException.class)
                .hasMessageContaining("unfinished build made with other options").hasMessageContaining("--restart");
        Journal restarted = new Journal(dir);
        assertThat(restarted.open("other", true, out)).isZero();
        assertThat(rows(restarted)).isEmpty();
        restarted.delete();
        assertThat(dir.resolve(Journal.JOURNAL)).doesNotExist();
        assertThat(dir.resolve(Journal.CHECKPOINT)).doesNotExist();
    }

    @Test
    void fingerprintsDifferWithTheOptions() {
        assertThat(Journal.fingerprint("seed=1")).hasSize(64).isEqualTo(Journal.fingerprint("seed=1"))
                .isNotEqualTo(Journal.fingerprint("seed=2"));
    }
}
