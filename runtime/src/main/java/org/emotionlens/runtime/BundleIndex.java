package org.emotionlens.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/** The bundle jars of the assembled runtime, by symbolic name, and the commands they declare. */
final class BundleIndex {
    /**
     * Manifest header naming commands: {@code name} for a command service in the container
     * ({@code org.emotionlens.api.command.Command}), {@code name=fully.qualified.Class} for a class run on a plain
     * class path.
     */
    static final String COMMANDS_HEADER = "EmotionLens-Commands";

    private final Path dir;
    private final Map<String, Path> bySymbolicName = new TreeMap<>();
    private final Map<String, String> commands = new TreeMap<>();
    private final java.util.Set<String> containerCommands = new java.util.TreeSet<>();

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
                        for (String entry : declared.split(",")) {
                            String[] kv = entry.trim().split("=", 2);
                            if (kv.length == 2) {
                                commands.put(kv[0].trim(), kv[1].trim());
                            } else if (!kv[0].isBlank()) {
                                containerCommands.add(kv[0].trim());
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

    /** Commands run on a plain class path: name to class. */
    Map<String, String> commands() {
        return commands;
    }

    /** Commands served inside the container. */
    java.util.Set<String> containerCommands() {
        return containerCommands;
    }

    /** Every command's name, sorted. */
    java.util.Set<String> commandNames() {
        java.util.Set<String> all = new java.util.TreeSet<>(commands.keySet());
        all.addAll(containerCommands);
        return all;
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    List<Path> allJars() {
        return new ArrayList<>(bySymbolicName.values());
    }
}
