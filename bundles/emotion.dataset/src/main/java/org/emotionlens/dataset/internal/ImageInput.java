package org.emotionlens.dataset.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Labelled images in a folder or a zip file, laid out as {@code <split>/<label>/<file>} or, with the split given,
 * {@code <label>/<file>}: FER2013's image downloads use the first. Names are '/'-separated paths inside the input;
 * the source index of an image is its position in the sorted listing of the whole input, so it does not change
 * when fewer splits are picked. A zip is read in place (FER2013's 35,887 files need no extraction); its entries
 * may be read from several threads at once.
 */
final class ImageInput implements Closeable {
    static final String LAYOUT = "expected <split>/<label>/<image> (split: train, validation, test; label: "
            + String.join(", ", Fer.CLASSES) + ", or happy/sad/unknown), or <label>/<image> with --split";

    private final Path path;
    private final ZipFile zip;

    private ImageInput(Path path, ZipFile zip) {
        this.path = path;
        this.zip = zip;
    }

    static ImageInput open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return new ImageInput(path, null);
        }
        if (!Files.isRegularFile(path)) {
            throw new UsageException(path + ": no such folder or zip file (" + LAYOUT + ")");
        }
        try {
            return new ImageInput(path, new ZipFile(path.toFile()));
        } catch (IOException e) {
            throw new UsageException(path + ": neither a folder nor a readable zip file (" + e.getMessage() + "); "
                    + LAYOUT);
        }
    }

    boolean isZip() {
        return zip != null;
    }

    /** The encoded bytes of one image. */
    byte[] read(String name) throws IOException {
        if (zip == null) {
            return Files.readAllBytes(path.resolve(name));
        }
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IOException(name + ": no such entry in " + path.getFileName());
        }
        try (var in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    /**
     * The samples of the picked splits ({@code null}: all). {@code givenSplit} is the split of a
     * {@code <label>/<file>} layout, null for {@code <split>/<label>/<file>}.
     */
    List<Sample> samples(String givenSplit, Set<String> splits) throws IOException {
        List<String> names = names();
        List<Sample> out = new ArrayList<>();
        int depth = givenSplit != null ? 2 : 3;
        for (int i = 0; i < names.size(); i++) {
            String[] parts = names.get(i).split("/");
            if (parts.length != depth) {
                throw new UsageException(path.getFileName() + ": '" + names.get(i) + "' is not at the expected depth; "
                        + LAYOUT);
            }
            String split = givenSplit != null ? givenSplit : Fer.splitName(parts[0]);
            if (split == null) {
                throw new UsageException(path.getFileName() + ": '" + parts[0] + "' is not a split folder; " + LAYOUT);
            }
            String cls = Fer.className(parts[depth - 2]);
            if (cls == null) {
                throw new UsageException(path.getFileName() + ": '" + parts[depth - 2] + "' (in " + names.get(i)
                        + ") is not a label folder; " + LAYOUT);
            }
            if (splits == null || splits.contains(split)) {
                out.add(new Sample(i, split, cls, null, names.get(i)));
            }
        }
        if (names.isEmpty()) {
            throw new UsageException(path + ": holds no files; " + LAYOUT);
        }
        if (out.isEmpty()) {
            throw new UsageException(path + ": no images in the splits " + splits + "; " + LAYOUT);
        }
        return out;
    }

    /** Every file, sorted, without hidden files and folders (names starting with '.', macOS' __MACOSX). */
    private List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (zip != null) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (!e.isDirectory() && visible(e.getName())) {
                    names.add(e.getName());
                }
            }
        } else {
            try (Stream<Path> files = Files.walk(path)) {
                files.filter(Files::isRegularFile).map(p -> path.relativize(p).toString().replace('\\', '/'))
                        .filter(ImageInput::visible).forEach(names::add);
            }
        }
        Collections.sort(names);
        return names;
    }

    private static boolean visible(String name) {
        for (String part : name.split("/")) {
            if (part.startsWith(".") || part.toLowerCase(Locale.ROOT).equals("__macosx")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
