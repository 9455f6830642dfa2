package org.emotionlens.dataset.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.emotionlens.api.Image;
import org.emotionlens.api.image.ImageConversion;

/**
 * What a build reads: the samples of {@code --fer} (a FER2013 CSV) or {@code --images} (a folder or zip, listed in
 * {@code sources.csv}) in the picked splits, each sample's pixels, and the input's identity for the resume check.
 */
final class BuildInput implements AutoCloseable {
    private final Path path;
    private final boolean fer;
    private final List<Sample> samples;
    private final int badRows;
    /** The folder or zip of --images; null for a FER2013 CSV. */
    private final ImageInput images;

    private BuildInput(Path path, boolean fer, List<Sample> samples, int badRows, ImageInput images) {
        this.path = path;
        this.fer = fer;
        this.samples = samples;
        this.badRows = badRows;
        this.images = images;
    }

    /** Reads the listing (and, for a CSV, the pixels), saying on {@code out} what was read. */
    static BuildInput read(BuildOptions o, PrintStream out, PrintStream err) throws IOException {
        if (o.fer != null) {
            FerCsv.Result r = FerCsv.read(o.fer, i -> true, err);
            List<Sample> all = o.splits == null ? r.samples()
                    : r.samples().stream().filter(s -> o.splits.contains(s.split())).toList();
            out.printf("read %s: %d data rows, %d good, %d malformed rows skipped%n", o.fer, r.dataRows(), all.size(),
                    r.badRows());
            return new BuildInput(o.fer, true, all, r.badRows(), null);
        }
        ImageInput input = ImageInput.open(o.images);
        try {
            List<Sample> all = input.samples(o.imagesSplit, o.splits);
            writeSources(all, o.out);
            out.printf("read %s: %d image files%s%n", o.images, all.size(),
                    o.splits == null ? "" : " in " + String.join(", ", o.splits));
            return new BuildInput(o.images, false, all, 0, input);
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    List<Sample> samples() {
        return samples;
    }

    /** Malformed CSV rows skipped (always 0 for images). */
    int badRows() {
        return badRows;
    }

    /** The sample's picture as the stages see it: FER2013's grey pixels as RGB, or the decoded image file. */
    Image decode(Sample s) throws IOException {
        return s.grey48() != null ? Pixels.greyToRgb(s.grey48(), Fer.SIZE, Fer.SIZE)
                : ImageConversion.read(images.read(s.name()), s.name());
    }

    /** Path, size and modification time: an unfinished build continues only on the same input. */
    String identity() throws IOException {
        return path.toAbsolutePath() + ":" + Files.size(path) + ":" + Files.getLastModifiedTime(path).toMillis();
    }

    Path path() {
        return path;
    }

    /** What a build with no decodable image should have been given. */
    String expectedLayout() {
        return fer ? "expected Kaggle's emotion,pixels,Usage rows" : ImageInput.LAYOUT;
    }

    private static void writeSources(List<Sample> all, Path outDir) throws IOException {
        StringBuilder b = new StringBuilder("source_index,split,class,file\n");
        for (Sample s : all) {
            b.append(s.sourceIndex()).append(',').append(s.split()).append(',').append(s.className()).append(',')
                    .append(s.name()).append('\n');
        }
        Report.writeAtomically(outDir.resolve("sources.csv"), b.toString());
    }

    @Override
    public void close() throws IOException {
        if (images != null) {
            images.close();
        }
    }
}
