package org.emotionlens.models;

import java.nio.file.Path;
import java.util.List;

import org.emotionlens.models.internal.DirectoryModelLocator;

/**
 * Finds verified model files. A service (configuration pid {@code emotion.models}, key {@code dir}), and
 * usable without a framework through {@link #defaults()} or {@link #of(Path)}.
 */
public interface ModelLocator {
    /** System property (and configuration key {@code dir}) naming the models directory. */
    String DIR_PROPERTY = "emotionlens.models";

    /** Directories searched, in order. */
    List<Path> directories();

    /**
     * The path of a model file whose sha256 matches.
     *
     * @throws ModelException when it is missing or its checksum differs (the message says how to get it)
     */
    Path require(ModelFile file);

    /** Bytes of one entry of a sha256-checked {@code .task} bundle (a zip). */
    byte[] taskEntry(ModelFile task, String entry);

    /**
     * Bytes of one entry of an explicitly named bundle file (e.g. a configured model path), after checking that
     * its sha256 is {@code expected}'s. A {@code .tflite} file is returned whole (no checksum: it is not in the
     * manifest), so a single model can be swapped in for experiments.
     */
    static byte[] readEntry(Path file, ModelFile expected, String entry) {
        return DirectoryModelLocator.readVerified(file, expected, entry);
    }

    /**
     * One entry of face_landmarker.task as a component's configuration names it: an explicit file (the .task, or
     * the single .tflite), else the .task in {@code modelsDir}, else the one this locator finds.
     */
    default byte[] taskEntry(String modelPath, String modelsDir, String entry) {
        if (!modelPath.isBlank()) {
            return readEntry(Path.of(modelPath), ModelFile.FACE_LANDMARKER, entry);
        }
        ModelLocator locator = modelsDir.isBlank() ? this : of(Path.of(modelsDir));
        return locator.taskEntry(ModelFile.FACE_LANDMARKER, entry);
    }

    /** Searches {@code -Demotionlens.models}, then {@code <project>/models}, then {@code ../shared/models}. */
    static ModelLocator defaults() {
        return DirectoryModelLocator.defaults();
    }

    /** Searches exactly this directory. */
    static ModelLocator of(Path dir) {
        return new DirectoryModelLocator(List.of(dir));
    }
}
