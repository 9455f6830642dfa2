package org.emotionlens.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the project (configs/, features/, models/), the assembled bundles, the shared data beside the
 * checkout. Set by bin/emotionlens through system properties; defaults suit a run from the project root.
 */
public record Home(Path project, Path bundles, Path shared) {

    public static Home fromSystem() {
        Path project = Path.of(System.getProperty("emotionlens.home", ".")).toAbsolutePath().normalize();
        Path dist = Path.of(System.getProperty("emotionlens.dist",
                project.resolve("runtime/target/emotionlens").toString()));
        String sharedEnv = System.getenv("EMOTIONLENS_SHARED");
        Path shared = Path.of(System.getProperty("emotionlens.shared",
                sharedEnv != null ? sharedEnv : project.resolve("../shared").toString())).toAbsolutePath().normalize();
        return new Home(project, dist.resolve("bundles").toAbsolutePath().normalize(), shared);
    }

    public Path configs() {
        return project.resolve("configs");
    }

    public Path features() {
        return project.resolve("features");
    }

    public Path models() {
        return project.resolve("models");
    }

    void checkAssembled() throws LaunchException {
        if (!Files.isDirectory(bundles)) {
            throw new LaunchException("the runtime is not built: " + bundles + " does not exist; run"
                    + " 'mvn -B -q install -DskipTests' in " + project + " first");
        }
    }
}
