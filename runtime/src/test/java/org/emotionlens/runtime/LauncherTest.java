package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line as users run it: a separate JVM on the assembled runtime (target/emotionlens), real profiles,
 * real bundles, the real model and the paper's real test blendshapes.
 */
class LauncherTest {
    static final Path HOME = Path.of(System.getProperty("emotionlens.home", "..")).toAbsolutePath().normalize();
    static final Path DIST = Path.of(System.getProperty("emotionlens.dist", "target/emotionlens")).toAbsolutePath();
    static final Path SHARED = Path.of(System.getProperty("emotionlens.shared", "../../shared")).toAbsolutePath();

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void assembled() {
        assertThat(DIST.resolve("lib/emotion.runtime.jar")).exists();
    }

    static Run launch(Path home, String... args) throws IOException, InterruptedException {
        return launch(home, null, List.of(), args);
    }

    /** The launcher's java command: extra JVM options, then the command line. */
    static List<String> command(Path home, List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-Demotionlens.home=" + home, "-Demotionlens.dist=" + DIST,
                "-Demotionlens.shared=" + SHARED, "-cp", DIST.resolve("lib") + File.separator + "*",
                "org.emotionlens.runtime.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs the launcher in {@code cwd} (null: this one) with extra JVM options (e.g. -Xmx, -Djava.io.tmpdir). */
    static Run launch(Path home, Path cwd, List<String> jvm, String... args) throws IOException, InterruptedException {
        List<String> cmd = command(home, jvm, args);
        Path out = Files.createTempFile("launcher-out", ".txt");
        Path err = Files.createTempFile("launcher-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not end within 180 s: " + String.join(" ", args));
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** A project folder of its own (configs/ written by the test) sharing the real features and models. */
    static Path project(Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("configs"));
        Files.createSymbolicLink(tmp.resolve("features"), HOME.resolve("features"));
        Files.createSymbolicLink(tmp.resolve("models"), HOME.resolve("models"));
        return tmp;
    }

    @Test
    void csvProfilePredictsEveryRow(@TempDir Path tmp) throws Exception {
        Run r = launch(HOME, "run", "--profile", "csv", "--output", tmp.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("pipeline csv finished: 1647 frames, 1647 faces, 1647 predictions");
        assertThat(Files.readAllLines(tmp.resolve("predictions.csv"))).hasSize(1648);
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownProfileNamesTheFileAndTheProfilesThatExist() throws Exception {
        Run r = launch(HOME, "run", "--profile", "no-such-profile");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown profile 'no-such-profile'").contains("no-such-profile.json")
                .contains("csv");
        assertThat(r.all()).doesNotContain("\tat ");
    }

    @Test
    void malformedJsonNamesFileAndLine(@TempDir Path tmp) throws Exception {
        Path home = project(tmp);
        Files.writeString(home.resolve("configs/broken.json"), "{\n  \"features\": [\"classifier\"],\n  \"configurations\": {\n    \"x\": { \"a\": 1,, }\n  }\n}\n");
        Run r = launch(home, "run", "--profile", "broken");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("broken.json").contains("malformed JSON at line 4");
        assertThat(r.all()).doesNotContain("\tat ");
    }

    @Test
    void missingBundleIsNamed(@TempDir Path tmp) throws Exception {
        Path home = tmp;
        Files.createDirectories(home.resolve("configs"));
        Files.createDirectories(home.resolve("features"));
        Files.writeString(home.resolve("features/partial.bundles"), "include base\nemotion.no.such.bundle\n");
        Files.copy(HOME.resolve("features/base.bundles"), home.resolve("features/base.bundles"));
        Files.writeString(home.resolve("configs/partial.json"), "{\"features\": [\"partial\"], \"configurations\":"
                + " {\"emotion.pipeline~p\": {\"id\": \"p\"}}}");
        Run r = launch(home, "run", "--profile", "partial");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bundle 'emotion.no.such.bundle'").contains("partial.bundles");
        assertThat(r.all()).doesNotContain("\tat ");
    }

    @Test
    void modelWithWrongInputShapeIsRefusedWithTheFileNamed(@TempDir Path tmp) throws Exception {
        Path home = project(tmp.resolve("p"));
        Path models = Files.createDirectories(tmp.resolve("bad-models"));
        String meta = Files.readString(HOME.resolve("models/lstm-paper.model.json"));
        // Keep the ONNX file, claim one feature fewer than it takes.
        String onnx = HOME.resolve("models/lstm-paper.onnx").toString();
        String wrong = meta.replaceFirst("\"onnx\"\\s*:\\s*\"[^\"]*\"", "\"onnx\": \"" + onnx + "\"")
                .replaceFirst("\"noseSneerRight\"\\s*,?", "").replaceFirst(",\\s*]", "]");
        // Without its declared shape the file is consistent in itself; only the ONNX file disagrees.
        wrong = wrong.replace("\"shape\"", "\"shape-not-declared\"");
        Files.writeString(models.resolve("lstm-paper.model.json"), wrong);
        Files.writeString(home.resolve("configs/wrong.json"), "{\"extends\": \"csv\"}");
        Files.copy(HOME.resolve("configs/csv.json"), home.resolve("configs/csv.json"));
        Run r = launch(home, "run", "--profile", "wrong", "--set", "models=" + models, "--output",
                tmp.resolve("out").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("lstm-paper.onnx").contains("input shape").contains("51");
        assertThat(r.all()).doesNotContain("\tat ");
    }

    @Test
    void missingInputIsNamed(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("no-such-file.csv");
        Run r = launch(HOME, "run", "--profile", "csv", "--input", missing.toString(), "--output", tmp.toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains(missing.toString()).contains("does not exist");
        assertThat(r.all()).doesNotContain("\tat ");
    }

    @Test
    void unknownCommandPrintsUsage() throws Exception {
        Run r = launch(HOME, "frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'frobnicate'").contains("run --profile");
    }

    @Test
    void compareReportIsComputedFromTheVariantsPredictions(@TempDir Path tmp) throws Exception {
        Run r = launch(HOME, "compare", "--profiles", "csv,csv-dense", "--output", tmp.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("Every variant saw the same 1647 frames");
        List<String> report = Files.readAllLines(tmp.resolve("report.csv"));
        assertThat(report.get(0)).startsWith("variant,frames,faces,happy,unknown,sad");
        String dense = report.stream().filter(l -> l.startsWith("csv-dense,")).findFirst().orElseThrow();
        String[] cells = dense.split(",");
        assertThat(cells[1]).isEqualTo("1647");

        // Recompute the dense variant's accuracy from its own prediction file.
        List<String> rows = Files.readAllLines(tmp.resolve("csv-dense/predictions.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        int truth = header.indexOf("truth");
        int label = header.indexOf("label");
        long correct = rows.stream().skip(1).map(l -> l.split(",")).filter(c -> c[truth].equals(c[label])).count();
        assertThat(rows).hasSize(1648);
        assertThat(Double.parseDouble(cells[8])).isCloseTo(correct / 1647.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(tmp.resolve("report.png")).isNotEmptyFile();
        assertThat(Files.readString(tmp.resolve("report.md"))).contains("Confusion matrix");
    }

    @Test
    void shellListsTheStagesAndTheirServices(@TempDir Path tmp) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Demotionlens.home=" + HOME, "-Demotionlens.dist=" + DIST, "-Demotionlens.shared=" + SHARED,
                "-cp", DIST.resolve("lib") + File.separator + "*", "org.emotionlens.runtime.Main",
                "run", "--profile", "csv", "--shell", "--output", tmp.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
                var writer = new java.io.PrintWriter(p.getOutputStream(), true)) {
            // Ask only once the pipeline has finished and the launcher has handed over to the shell.
            Thread pump = new Thread(() -> {
                try {
                    for (String line; (line = reader.readLine()) != null;) {
                        synchronized (seen) {
                            seen.append(line).append('\n');
                        }
                    }
                } catch (IOException e) {
                    // process ended
                }
            });
            pump.start();
            long deadline = System.currentTimeMillis() + 120_000;
            while (!seen.toString().contains("shell: ") && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(seen.toString()).as("the shell came up within 120 s").contains("shell: ");
            writer.println("emotion:stages");
            writer.println("stop 0");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(seen.toString()).isTrue();
            pump.join(5000);
        } finally {
            p.destroyForcibly();
        }
        assertThat(seen.toString()).contains("pipeline csv: 1647 frames, 1647 predictions")
                .contains("classifier  onnx:lstm-paper@CPU  [(emotion.model=lstm-paper)]")
                .contains("source      csv:blends_test_full_set.csv");
    }
}
