package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The live web page in headless Chromium: bundles/emotion.sink.web/browser-test/live-page.mjs starts
 * {@code bin/emotionlens run --profile live-web}, opens the page and waits until it shows the running pipeline's
 * predictions. Needs Debian's chromium and node (CI installs chromium); skipped, saying so, where they are absent.
 */
class LivePageBrowserTest {
    static final Path BROWSER_TEST = LauncherTest.HOME.resolve("bundles/emotion.sink.web/browser-test");

    @Test
    void thePageShowsPredictionsOfARunningPipeline() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assumeTrue(Files.isExecutable(Path.of(chromium)), "no Chromium at " + chromium
                + ": install Debian's chromium to run the browser test");
        assumeTrue(run(BROWSER_TEST, 30, "node", "--version").code == 0, "no node on the PATH");
        if (!Files.isDirectory(BROWSER_TEST.resolve("node_modules/playwright-core"))) {
            Result ci = run(BROWSER_TEST, 300, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(ci.code).as("npm ci: " + ci.output).isZero();
        }
        Path shot = Path.of("target/web-page.png").toAbsolutePath();
        Result r = run(BROWSER_TEST, 300, "node", "live-page.mjs", "--profile", "live-web", "--chromium", chromium,
                "--screenshot", shot.toString(), "--settle", "2");
        assertThat(r.code).as(r.output).isZero();
        assertThat(r.output).contains("page shows labels");
        assertThat(shot).isNotEmptyFile();
    }

    record Result(int code, String output) {
    }

    static Result run(Path dir, int seconds, String... cmd) throws Exception {
        Path log = Files.createTempFile("browser-test", ".log");
        try {
            Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + seconds + " s: " + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return new Result(-1, e.getMessage());
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
