package org.emotionlens.source.images.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The still images of a folder (its sub-folders too) or a zip file, by '/'-separated name relative to it, in
 * name order; hidden files and folders are left out. Labelled image sets keep the label in the path
 * ({@code test/happy/PrivateTest_1.jpg}), so the names are what frames carry as their source id.
 */
final class ImageSet implements Closeable {
    static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp");

    private final Path root;
    private final ZipFile zip;
    final List<String> names;

    private ImageSet(Path root, ZipFile zip, List<String> names) {
        this.root = root;
        this.zip = zip;
        this.names = names;
    }

    static boolean isZip(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** The images under {@code root} whose names start with {@code prefix} ("" for all). */
    static ImageSet open(Path root, String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        ZipFile zip = null;
        if (isZip(root)) {
            zip = new ZipFile(root.toFile());
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (!e.isDirectory()) {
                    names.add(e.getName());
                }
            }
        } else {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(f -> names.add(root.relativize(f).toString().replace('\\', '/')));
            }
        }
        names.removeIf(n -> !n.startsWith(prefix) || hidden(n) || !isImage(n));
        Collections.sort(names);
        return new ImageSet(root, zip, names);
    }

    /** One image file (whatever its extension: the reader says whether it can decode it). */
    static ImageSet single(Path file) {
        Path abs = file.toAbsolutePath();
        return new ImageSet(abs.getParent(), null, List.of(abs.getFileName().toString()));
    }

    byte[] read(String name) throws IOException {
        if (zip == null) {
            return Files.readAllBytes(root.resolve(name));
        }
        try (var in = zip.getInputStream(zip.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    static boolean isImage(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static boolean hidden(String name) {
        for (String part : name.split("/")) {
            if (part.startsWith(".") || part.equalsIgnoreCase("__MACOSX")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }
}
