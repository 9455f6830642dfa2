package org.emotionlens.landmarker.internal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.emotionlens.api.Face;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.Image;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.emotionlens.features.blendshapes.internal.BlendshapeExtractor;
import org.emotionlens.landmarker.internal.MediaPipeFaceLandmarker;
import org.emotionlens.models.ModelLocator;

/**
 * Blendshape extractor throughput with 1 caller and with 2 concurrent callers (its interpreter pool gives each
 * concurrent caller its own interpreter, so 2 callers need no lock). Appends a table to the file in argument 1.
 * Run like {@link LandmarkerBench}.
 */
public final class BlendshapeConcurrencyBench {
    private BlendshapeConcurrencyBench() {
    }

    public static void main(String[] args) throws Exception {
        ModelLocator models = TestMedia.models();
        List<Image> frames = TestMedia.faceVideoFrames(40);
        List<float[]> faces = new ArrayList<>();
        try (BlazeFaceDetector det = BlazeFaceDetector.withDefaults(models, 1);
                MediaPipeFaceLandmarker lm = MediaPipeFaceLandmarker.withDefaults(models, 1);
                FaceTracker t = lm.open(new TrackerOptions(2, true))) {
            for (int i = 0; i < frames.size(); i++) {
                for (Face f : t.process(frames.get(i), i * LandmarkerBench.FRAME_MICROS, det)) {
                    faces.add(f.landmarks());
                }
            }
        }
        StringBuilder md = new StringBuilder("\n## Blendshape extractor: 1 vs 2 concurrent callers\n\n"
                + "| callers | calls | wall ms | calls/s |\n|---|---|---|---|\n");
        try (BlendshapeExtractor bs = BlendshapeExtractor.withDefaults(models)) {
            for (int rep = 0; rep < 3; rep++) {
                for (float[] f : faces) {
                    bs.scores(f, 640, 480); // warm-up
                }
            }
            double[] perSecond = new double[3];
            for (int callers : new int[] {1, 2}) {
                int perCaller = 20 * faces.size() / callers;
                ExecutorService pool = Executors.newFixedThreadPool(callers);
                long t0 = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perCaller; i++) {
                            bs.scores(faces.get(i % faces.size()), 640, 480);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                pool.shutdown();
                perSecond[callers] = perCaller * callers / (ms / 1000);
                String line = String.format(java.util.Locale.ROOT, "| %d | %d | %.0f | %.0f |%n", callers,
                        perCaller * callers, ms, perSecond[callers]);
                System.out.print(line);
                md.append(line);
            }
            md.append(String.format(java.util.Locale.ROOT, "%nThe extractor's interpreter pool gives each concurrent caller"
                    + " its own interpreter (no lock), so 2 callers on %d cores give %.2fx the calls/s of 1 here"
                    + " (under the load noted above) instead of serialising on one synchronised interpreter.%n",
                    Runtime.getRuntime().availableProcessors(), perSecond[2] / perSecond[1]));
        }
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), md.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
