package org.emotionlens.landmarker.internal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.Image;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.detector.blazeface.testing.TestMedia;
import org.emotionlens.features.blendshapes.internal.BlendshapeExtractor;
import org.emotionlens.landmarker.internal.MediaPipeFaceLandmarker;
import org.emotionlens.landmarker.internal.MediaPipeTracker;
import org.emotionlens.models.ModelLocator;

/**
 * Speed of the MediaPipe pipeline on a real 640x480 face video (demo.gif of npm @tensorflow-models/facemesh 0.0.5,
 * 345 frames, two people): per-stage time per face and end-to-end frames/s, with tracking (VIDEO mode) and with the
 * detector on every frame (IMAGE mode), for 1 and 2 TFLite threads. Prints a Markdown table and writes it to
 * {@code docs/landmarker/bench.md} (argument 1, optional).
 *
 * <p>Run: {@code docs/landmarker/bench.sh} (builds the test classpath, runs this and
 * {@link BlendshapeConcurrencyBench}).
 */
public final class LandmarkerBench {
    /** The GIF's frame time (20 ms, 50 frames/s): the timestamps the pipeline gives its frames. */
    static final long FRAME_MICROS = 20_000L;

    private LandmarkerBench() {
    }

    record Row(String mode, int threads, int frames, int faces, int detectorCalls, double detectMs, double cropMs,
            double landmarksMs, double blendshapesMs, double fps) {
    }

    public static void main(String[] args) throws IOException {
        ModelLocator models = TestMedia.models();
        List<Image> frames = TestMedia.faceVideoFrames(-1);
        System.out.printf("%d frames %dx%d, %d cores%n", frames.size(), frames.get(0).width(), frames.get(0).height(),
                Runtime.getRuntime().availableProcessors());
        StringBuilder md = new StringBuilder();
        md.append("# MediaPipe landmarker speed (Java, TFLite XNNPACK)\n\n")
                .append("Input: `demo.gif` of npm `@tensorflow-models/facemesh` 0.0.5, ").append(frames.size())
                .append(" frames 640x480, two real people. Pipeline per frame: BlazeFace detector (when needed) -> ")
                .append("478-landmark model per face -> blendshape model per face. ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores (shared with other jobs, so ")
                .append("figures are noisy), Java ").append(System.getProperty("java.version")).append(", ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16))
                .append(".\n\n")
                .append("- *tracking*: VIDEO mode, maxFaces 2: next-frame ROIs from landmarks, detector only when fewer than 2 faces are tracked.\n")
                .append("- *detector every frame*: IMAGE mode, maxFaces 2.\n")
                .append("- detect = ms per detector call; crop, landmarks, blendshapes = ms per face; fps = frames per second end to end ")
                .append("(detector + landmarks + blendshapes, excluding GIF decoding).\n\n")
                .append("| mode | TFLite threads | frames | faces | detector calls | detect ms/call | crop ms/face | landmarks ms/face | blendshapes ms/face | frames/s |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Row> rows = new java.util.ArrayList<>();
        for (int threads : new int[] {1, 2}) {
            for (boolean video : new boolean[] {true, false}) {
                Row r = run(models, frames, video, threads);
                rows.add(r);
                String line = String.format(java.util.Locale.ROOT, "| %s | %d | %d | %d | %d | %.2f | %.2f | %.2f | %.3f | %.1f |%n", r.mode,
                        r.threads, r.frames, r.faces, r.detectorCalls, r.detectMs, r.cropMs, r.landmarksMs,
                        r.blendshapesMs, r.fps);
                System.out.print(line);
                md.append(line);
            }
        }
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Row tracking = rows.get(0);
        Row every = rows.get(1);
        md.append("\nCommand: `docs/landmarker/bench.sh` (runs `LandmarkerBench` and `BlendshapeConcurrencyBench`")
                .append(" from the test tree of bundles/emotion.landmarker and writes this file).\n\n")
                .append("## Reading these figures\n\n")
                .append(String.format(java.util.Locale.ROOT, "- Load average %.1f before and %.1f after the runs on %d cores:"
                        + " with other jobs running, absolute times are slower than on an idle machine and 1-vs-2-thread"
                        + " differences are partly noise.%n", loadBefore, loadAfter,
                        Runtime.getRuntime().availableProcessors()))
                .append(String.format(java.util.Locale.ROOT, "- Timestamps are the GIF's (%d ms a frame), as the pipeline"
                        + " stamps the frames; the landmarker's One Euro smoothing and so the next-frame ROIs depend on"
                        + " them.%n", FRAME_MICROS / 1000))
                .append(String.format(java.util.Locale.ROOT, "- \"tracking\" runs the detector on %d of %d frames: when"
                        + " only one of the two people passes the presence check, fewer faces are tracked than maxFaces 2"
                        + " and MediaPipe's rule runs the detector again.%n", tracking.detectorCalls, tracking.frames))
                .append(String.format(java.util.Locale.ROOT, "- \"detector every frame\" finds %d faces, tracking %d:"
                        + " without tracking, the detector alone misses the second person in some frames.%n",
                        every.faces, tracking.faces));
        if (args.length > 0) {
            Path out = Path.of(args[0]);
            Files.createDirectories(out.getParent());
            Files.writeString(out, md.toString());
            System.out.println("wrote " + out);
        }
    }

    static Row run(ModelLocator models, List<Image> frames, boolean video, int threads) {
        try (BlazeFaceDetector detector = BlazeFaceDetector.withDefaults(models, threads);
                MediaPipeFaceLandmarker landmarker = MediaPipeFaceLandmarker.withDefaults(models, threads);
                BlendshapeExtractor blendshapes = new BlendshapeExtractor(models.taskEntry(
                        org.emotionlens.models.ModelFile.FACE_LANDMARKER,
                        org.emotionlens.models.ModelFile.FACE_BLENDSHAPES_ENTRY), threads)) {
            FaceDetector det = detector;
            // warm-up: first invocations allocate and pack weights
            try (FaceTracker warm = landmarker.open(new TrackerOptions(2, false))) {
                for (int i = 0; i < 10; i++) {
                    for (Face f : warm.process(frames.get(i), 0, det)) {
                        blendshapes.scores(f.landmarks(), 640, 480);
                    }
                }
            }
            long blendNanos = 0;
            int faces = 0;
            long start = System.nanoTime();
            MediaPipeTracker tracker = (MediaPipeTracker) landmarker.open(new TrackerOptions(2, video));
            try {
                for (int i = 0; i < frames.size(); i++) {
                    Image img = frames.get(i);
                    for (Face f : tracker.process(img, i * FRAME_MICROS, det)) {
                        long t0 = System.nanoTime();
                        blendshapes.scores(f.landmarks(), img.width(), img.height());
                        blendNanos += System.nanoTime() - t0;
                        faces++;
                    }
                }
                long total = System.nanoTime() - start;
                long[] stage = tracker.stageNanos();
                int calls = tracker.detectorCalls();
                int rois = faces; // faces present; ROIs run (present or not) are close to it on this video
                return new Row(video ? "tracking" : "detector every frame", threads, frames.size(), faces, calls,
                        stage[0] / 1e6 / Math.max(1, calls), stage[1] / 1e6 / Math.max(1, rois),
                        stage[2] / 1e6 / Math.max(1, rois), blendNanos / 1e6 / Math.max(1, faces),
                        frames.size() / (total / 1e9));
            } finally {
                tracker.close();
            }
        }
    }
}
