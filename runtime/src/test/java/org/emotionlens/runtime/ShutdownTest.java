package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ctrl-C: a real {@code bin/emotionlens run --profile demo} gets SIGINT while frames flow. It must end without a
 * stack trace, print its summary, leave every output complete (the MP4 holds every frame the summary counts, the
 * prediction file a line per counted face) and leave no temporary folder behind.
 */
class ShutdownTest {
    private static final Pattern SUMMARY = Pattern.compile("pipeline demo stopped: (\\d+) frames, (\\d+) faces");

    @Test
    void ctrlCFlushesEveryOutputAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        // Twice, at different points of the run: the failures it had depended on timing.
        for (int seconds : new int[] {2, 5}) {
            Path out = Files.createDirectories(tmp.resolve("out-" + seconds));
            Path temp = Files.createDirectories(tmp.resolve("temp-" + seconds));
            String log = interruptDemo(out, temp, seconds);

            assertThat(log).doesNotContain("\tat ").doesNotContain("Exception");
            Matcher m = SUMMARY.matcher(log);
            assertThat(m.find()).as("a summary of the stopped run in:\n" + log).isTrue();
            long frames = Long.parseLong(m.group(1));
            long faces = Long.parseLong(m.group(2));
            assertThat(frames).as(log).isPositive();

            assertThat(mp4Frames(out.resolve("demo.mp4"))).as("frames in demo.mp4 (summary: " + frames + ")")
                    .isEqualTo(frames);
            String csv = Files.readString(out.resolve("predictions.csv"), StandardCharsets.UTF_8);
            assertThat(csv).endsWith("\n");
            assertThat(csv.lines().count() - 1).as("prediction lines (summary: " + faces + " faces)").isEqualTo(faces);
            try (Stream<Path> left = Files.list(temp)) {
                assertThat(left.map(p -> p.getFileName().toString())).as("temporary files left").isEmpty();
            }
        }
    }

    /** Starts the demo (looping, so it cannot end by itself), sends SIGINT {@code seconds} after its first frames. */
    private static String interruptDemo(Path out, Path temp, int seconds) throws Exception {
        List<String> cmd = new ArrayList<>();
        // A shell that started us in the background may have left SIGINT ignored, and the JVM would inherit that;
        // perl (always on Debian) restores the default before it execs the launcher.
        if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
            cmd.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!"));
        }
        cmd.addAll(List.of(LauncherTest.HOME.resolve("bin/emotionlens").toString(), "run", "--profile", "demo",
                "--set", "loops=50", "--output", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("EMOTIONLENS_DIST", LauncherTest.DIST.toString());
        pb.environment().put("EMOTIONLENS_JAVA_OPTS", "-Djava.io.tmpdir=" + temp + " -Demotionlens.shared="
                + LauncherTest.SHARED);
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // ended
            }
        });
        pump.start();
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (!text(seen).contains("video sink: writing") && p.isAlive()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(text(seen)).as("the demo started").contains("video sink: writing");
            Thread.sleep(seconds * 1000L);
            assertThat(p.isAlive()).as(text(seen)).isTrue();
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("ended after Ctrl-C:\n" + text(seen)).isTrue();
            pump.join(5000);
            assertThat(p.exitValue()).as(text(seen)).isEqualTo(130);
            return text(seen);
        } finally {
            p.destroyForcibly();
        }
    }

    private static String text(StringBuilder b) {
        synchronized (b) {
            return b.toString();
        }
    }

    /** The number of samples of the MP4's (only) video track: its stsz box's sample count. */
    static long mp4Frames(Path mp4) throws IOException {
        byte[] d = Files.readAllBytes(mp4);
        for (int i = 4; i + 16 <= d.length; i++) {
            if (d[i] == 's' && d[i + 1] == 't' && d[i + 2] == 's' && d[i + 3] == 'z') {
                return ((d[i + 12] & 0xffL) << 24) | ((d[i + 13] & 0xff) << 16) | ((d[i + 14] & 0xff) << 8)
                        | (d[i + 15] & 0xff);
            }
        }
        throw new AssertionError(mp4 + " has no sample table (stsz): the file was not finished");
    }
}
