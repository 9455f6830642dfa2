package org.emotionlens.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.emotionlens.runtime.LauncherTest.DIST;
import static org.emotionlens.runtime.LauncherTest.HOME;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The build check of bundle boundaries, over every project bundle (a folder of bundles/) in the assembled runtime:
 * no bundle imports another bundle's {@code *.internal} package (optional imports included), and no bundle holds
 * classes of a package outside its own namespace ({@code emotion.x.y} owns {@code org.emotionlens.x.y.*},
 * {@code lib.x} owns {@code org.emotionlens.lib.x.*}): an embedded copy (bnd -conditionalpackage, Private-Package,
 * -includeresource) of another bundle's package. Only the lib.* wrappers may hold third-party packages; wrapping
 * jars that are no bundles is their job.
 */
class BundleBoundariesTest {

    @Test
    void noBundleImportsAnotherBundlesInternalPackageOrEmbedsAForeignPackage() throws IOException {
        Set<String> project = projectBundles();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> jars = Files.list(DIST.resolve("bundles"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    Attributes main = file.getManifest() == null ? null : file.getManifest().getMainAttributes();
                    String bsn = main == null || main.getValue("Bundle-SymbolicName") == null ? null
                            : main.getValue("Bundle-SymbolicName").split(";")[0].trim();
                    if (bsn == null || !project.contains(bsn)) {
                        continue; // third-party bundles are what they are
                    }
                    checked++;
                    Set<String> own = packages(file);
                    for (String imported : packageNames(main.getValue("Import-Package"))) {
                        if ((imported.endsWith(".internal") || imported.contains(".internal.")) && !own.contains(imported)) {
                            problems.add(bsn + " imports " + imported + ", another bundle's internal package");
                        }
                    }
                    String namespace = namespace(bsn);
                    for (String p : own) {
                        boolean mine = p.equals(namespace) || p.startsWith(namespace + ".");
                        boolean wrapped = bsn.startsWith("lib.") && !p.startsWith("org.emotionlens.");
                        if (!mine && !wrapped) {
                            problems.add(bsn + " embeds package " + p + ", outside its namespace " + namespace + ".*");
                        }
                    }
                }
            }
        }
        assertThat(checked).as("project bundles found in " + DIST.resolve("bundles")).isGreaterThanOrEqualTo(25);
        assertThat(problems).as("bundle boundaries; export an API package (versioned package-info) and import it"
                + " instead").isEmpty();
    }

    /** Symbolic names of the bundles built from bundles/ (each module's folder name is its symbolic name). */
    private static Set<String> projectBundles() throws IOException {
        try (Stream<Path> dirs = Files.list(HOME.resolve("bundles"))) {
            return new TreeSet<>(dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .map(d -> d.getFileName().toString()).toList());
        }
    }

    /** {@code emotion.detector.blazeface} -> {@code org.emotionlens.detector.blazeface}; {@code lib.x} -> {@code org.emotionlens.lib.x}. */
    static String namespace(String bsn) {
        return "org.emotionlens." + (bsn.startsWith("emotion.") ? bsn.substring("emotion.".length()) : bsn);
    }

    /** Packages holding classes in the jar. */
    private static Set<String> packages(JarFile file) {
        Set<String> out = new TreeSet<>();
        for (var e : Collections.list(file.entries())) {
            String n = e.getName();
            if (n.endsWith(".class") && n.contains("/") && !n.startsWith("META-INF/")) {
                out.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.'));
            }
        }
        return out;
    }

    /** The package names of an Import-Package header (attributes and quoted version ranges left out). */
    static List<String> packageNames(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        // commas inside quotes separate version range ends, not clauses
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : (header + ",").toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(clause.toString().split(";")[0].trim());
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        return out;
    }
}
