package org.emotionlens.dataset.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.emotionlens.api.image.ImageFiles;

/**
 * Labelled images in a folder or a zip file ({@link ImageFiles}), laid out as {@code <split>/<label>/<file>} or,
 * with the split given, {@code <label>/<file>}: FER2013's image downloads use the first. The source index of an
 * image is its position in the sorted listing of the whole input, so it does not change when fewer splits are
 * picked. Every file counts, images or not: a file that cannot be decoded is counted as unreadable.
 */
final class ImageInput implements Closeable {
    static final String LAYOUT = "expected <split>/<label>/<image> (split: train, validation, test; label: "
            + String.join(", ", Fer.CLASSES) + ", or happy/sad/unknown), or <label>/<image> with --split";

    private final Path path;
    private final ImageFiles files;

    private ImageInput(Path path, ImageFiles files) {
        this.path = path;
        this.files = files;
    }

    static ImageInput open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new UsageException(path + ": no such folder or zip file (" + LAYOUT + ")");
        }
        try {
            return new ImageInput(path, ImageFiles.open(path));
        } catch (IOException e) {
            throw new UsageException(path + ": neither a folder nor a readable zip file (" + e.getMessage() + "); "
                    + LAYOUT);
        }
    }

    /** The encoded bytes of one image. */
    byte[] read(String name) throws IOException {
        return files.read(name);
    }

    /**
     * The samples of the picked splits ({@code null}: all). {@code givenSplit} is the split of a
     * {@code <label>/<file>} layout, null for {@code <split>/<label>/<file>}.
     */
    List<Sample> samples(String givenSplit, Set<String> splits) {
        List<String> names = files.names();
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

    @Override
    public void close() throws IOException {
        files.close();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
