package org.emotionlens.dataset.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.features.blendshapes.internal.BlendshapeExtractor;
import org.emotionlens.features.landmarks.internal.LandmarkFeatureExtractor;
import org.emotionlens.landmarker.internal.MediaPipeFaceLandmarker;
import org.emotionlens.models.ModelLocator;
import org.emotionlens.models.internal.DirectoryModelLocator;

/**
 * The command without a framework, for unit tests and the bench: the stage classes built with the defaults their
 * components have when no configuration sets them (the services the container binds), from {@code --models} or
 * the models service's search order, and closed after the command.
 */
final class DirectStages {
    private DirectStages() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<AutoCloseable> made = new ArrayList<>();
        try {
            return DatasetCommand.run(args, out, err, dir -> open(dir != null ? ModelLocator.of(dir)
                    : new DirectoryModelLocator(DirectoryModelLocator.defaultDirectories(
                            System.getProperty(ModelLocator.DIR_PROPERTY))), made));
        } finally {
            close(made, err);
        }
    }

    /** The stages from these models; each one to close is added to {@code made}. */
    static Stages open(ModelLocator models, List<AutoCloseable> made) {
        BlazeFaceDetector detector = BlazeFaceDetector.withDefaults(models, 1);
        made.add(detector);
        MediaPipeFaceLandmarker landmarker = MediaPipeFaceLandmarker.withDefaults(models, 1);
        made.add(landmarker);
        BlendshapeExtractor blendshapes = BlendshapeExtractor.withDefaults(models);
        made.add(blendshapes);
        return new Stages(detector, landmarker, blendshapes, new LandmarkFeatureExtractor());
    }

    static void close(List<AutoCloseable> made, PrintStream err) {
        for (AutoCloseable c : made) {
            try {
                c.close();
            } catch (Exception e) {
                err.println("warning: closing " + c + ": " + e);
            }
        }
    }
}
