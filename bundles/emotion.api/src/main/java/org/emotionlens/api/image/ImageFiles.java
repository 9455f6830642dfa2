package org.emotionlens.api.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
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
 * The files of a folder (its sub-folders too) or of a zip file, by '/'-separated name inside it, sorted; hidden
 * files and folders (names starting with '.', macOS' {@code __MACOSX}) are left out. Labelled image sets keep the
 * label in the path ({@code test/happy/PrivateTest_1.jpg}); a zip is read in place (FER2013's 35,887 files need no
 * extraction) and may be read from several threads at once.
 */
public final class ImageFiles implements Closeable {
    /** File name endings of the still images {@link ImageConversion} reads. */
    public static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp");

    private final Path root;
    private final ZipFile zip;
    private final List<String> names;

    private ImageFiles(Path root, ZipFile zip, List<String> names) {
        this.root = root;
        this.zip = zip;
        this.names = List.copyOf(names);
    }

    public static boolean isZip(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    public static boolean hasImageExtension(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** Every visible file of a folder or a {@code .zip}; IOException when it cannot be listed or is no zip. */
    public static ImageFiles open(Path folderOrZip) throws IOException {
        List<String> names = new ArrayList<>();
        ZipFile zip = null;
        if (Files.isDirectory(folderOrZip)) {
            try (Stream<Path> files = Files.walk(folderOrZip)) {
                files.filter(Files::isRegularFile)
                        .forEach(f -> names.add(folderOrZip.relativize(f).toString().replace('\\', '/')));
            }
        } else {
            zip = new ZipFile(folderOrZip.toFile());
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (!e.isDirectory()) {
                    names.add(e.getName());
                }
            }
        }
        names.removeIf(ImageFiles::hidden);
        Collections.sort(names);
        return new ImageFiles(folderOrZip, zip, names);
    }

    /** One file, whatever its name (the reader says whether it can decode it). */
    public static ImageFiles single(Path file) {
        Path abs = file.toAbsolutePath();
        return new ImageFiles(abs.getParent(), null, List.of(abs.getFileName().toString()));
    }

    /** The files' names inside, sorted. */
    public List<String> names() {
        return names;
    }

    /** The bytes of one file. */
    public byte[] read(String name) throws IOException {
        if (zip == null) {
            return Files.readAllBytes(root.resolve(name));
        }
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IOException(name + ": no such entry in " + root.getFileName());
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
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

    @Override
    public String toString() {
        return root.toString();
    }
}
