package org.emotionlens.dataset.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bench (a main, not a test): (1) faces MediaPipe finds in the fixture's 78 crops per upscale size; (2) images per
 * second through steps 3-6 (decode, augment, detect, landmarks, blendshapes, journal, CSVs) with 1 and 2 worker
 * threads on the fixture repeated {@code repeat} times. Run from the module directory:
 * {@code java -cp <test class path> org.emotionlens.dataset.internal.DatasetBench [repeat]}.
 */
public final class DatasetBench {
    public static void main(String[] args) throws Exception {
        int repeat = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String models = Path.of(System.getProperty("emotionlens.shared", "../../../shared"), "models").toString();
        Path tmp = Files.createTempDirectory("dataset-bench");
        Path fixture = Path.of("src/test/resources/fixture/fer2013-fixture.csv");

        System.out.println("| upscale to (px) | faces found in 78 crops | train | validation | test |");
        System.out.println("|---|---|---|---|---|");
        for (int up : new int[] {0, 64, 96, 128, 160, 192, 256, 384}) {
            Path out = tmp.resolve("up" + up);
            run("build", "--fer", fixture.toString(), "--out", out.toString(), "--models", models, "--augment", "0",
                    "--upscale", Integer.toString(up));
            List<String> counts = Files.readAllLines(out.resolve("class-counts.csv"));
            int[] perSplit = new int[3];
            for (int s = 0; s < 3; s++) {
                String[] f = counts.get(s + 1).split(",");
                perSplit[s] = Integer.parseInt(f[f.length - 1]);
            }
            System.out.printf("| %s | %d | %d | %d | %d |%n", up == 0 ? "none (48)" : Integer.toString(up),
                    perSplit[0] + perSplit[1] + perSplit[2], perSplit[0], perSplit[1], perSplit[2]);
        }

        // the fixture's good rows repeated: a bigger input with real faces (and real misses)
        List<String> lines = Files.readAllLines(fixture);
        List<String> big = new ArrayList<>();
        big.add(lines.get(0));
        for (int r = 0; r < repeat; r++) {
            big.addAll(lines.subList(1, 79));
        }
        Path bigCsv = tmp.resolve("fixture-x" + repeat + ".csv");
        Files.write(bigCsv, big);
        System.out.printf("%n| threads | originals | augmented copies | work items | seconds | images/s |%n|---|---|---|---|---|---|%n");
        for (int threads : new int[] {1, 2}) {
            Path out = tmp.resolve("t" + threads);
            long t0 = System.nanoTime();
            String text = run("build", "--fer", bigCsv.toString(), "--out", out.toString(), "--models", models,
                    "--threads", Integer.toString(threads), "--caps", "none");
            double secs = (System.nanoTime() - t0) / 1e9;
            int originals = big.size() - 1;
            int augmented = 0;
            for (String l : Files.readAllLines(out.resolve("summary.md"))) {
                if (l.startsWith("| augmented, ")) {
                    String[] f = l.split("\\|");
                    augmented += Integer.parseInt(f[f.length - 1].trim());
                }
            }
            int items = originals + augmented;
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %.1f | %.1f |%n", threads, originals, augmented, items,
                    secs, items / secs);
            if (text.isEmpty()) {
                throw new IllegalStateException("no output");
            }
        }
    }

    static String run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int code = DatasetCommand.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("dataset " + String.join(" ", args) + " failed: " + code);
        }
        return o.toString(StandardCharsets.UTF_8);
    }
}
