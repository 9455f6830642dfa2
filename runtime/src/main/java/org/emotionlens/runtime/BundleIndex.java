package org.emotionlens.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/** The bundle jars of the assembled runtime, by symbolic name, and the commands they declare. */
final class BundleIndex {
    /**
     * Manifest header naming the bundle's commands ({@code name, ...}): command services in the container
     * ({@code org.emotionlens.api.command.Command}), each run on its profile {@code configs/commands/<name>.json}.
     */
    static final String COMMANDS_HEADER = "EmotionLens-Commands";

    private final Path dir;
    private final Map<String, Path> bySymbolicName = new TreeMap<>();
    private final Set<String> commands = new TreeSet<>();

    BundleIndex(Path dir) throws LaunchException {
        this.dir = dir;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    Attributes main = file.getManifest() == null ? null : file.getManifest().getMainAttributes();
                    String bsn = main == null ? null : main.getValue("Bundle-SymbolicName");
                    if (bsn == null) {
                        continue;
                    }
                    bySymbolicName.put(bsn.split(";")[0].trim(), jar);
                    String declared = main.getValue(COMMANDS_HEADER);
                    if (declared != null) {
                        for (String name : declared.split(",")) {
                            if (!name.isBlank()) {
                                commands.add(name.trim());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new LaunchException("cannot read the bundles in " + dir + ": " + e.getMessage());
        }
    }

    Path jar(String symbolicName) {
        return bySymbolicName.get(symbolicName);
    }

    /** The commands the bundles declare, sorted. */
    Set<String> commands() {
        return commands;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
