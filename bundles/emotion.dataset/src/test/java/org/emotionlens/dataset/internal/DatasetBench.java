package org.emotionlens.dataset.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.emotionlens.api.Face;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.Frame;
import org.emotionlens.api.Image;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.api.image.ImageConversion;
import org.emotionlens.api.image.Upscale;
import org.emotionlens.detector.blazeface.internal.BlazeFaceDetector;
import org.emotionlens.features.blendshapes.internal.BlendshapeExtractor;
import org.emotionlens.features.landmarks.internal.LandmarkFeatureExtractor;
import org.emotionlens.landmarker.internal.MediaPipeFaceLandmarker;
import org.emotionlens.models.ModelFile;
import org.emotionlens.models.ModelLocator;

/**
 * Bench (a main, not a test) on real FER2013 images from the shared zip, written to {@code docs/dataset/bench.md}
 * by {@code docs/dataset/bench.sh}:
 * (1) faces MediaPipe finds per upscale size on the first {@code perClass} PrivateTest images of each class;
 * (2) the whole {@code dataset build} command's images per second with 1 and 2 worker threads on them;
 * (3) where the time of one image goes, stage by stage, on one thread.
 */
public final class DatasetBench {
    public static void main(String[] args) throws Exception {
        int perClass = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path shared = Path.of(System.getProperty("emotionlens.shared", "../../../shared"));
        Path zip = shared.resolve("data/fer2013/fer2013-images.zip");
        String models = shared.resolve("models").toString();
        Path tmp = Files.createTempDirectory("dataset-bench");
        String caps = String.join(",", Fer.CLASSES.stream().map(c -> c + "=" + perClass).toList());
        String[] common = {"--images", zip.toString(), "--splits", "test", "--cap-splits", "test", "--caps", caps,
            "--models", models, "--augment", "0"};

        System.out.printf("## Faces found per upscale size%n%nThe first %d PrivateTest images of each class"
                + " (disgust: all 55), IMAGE mode, one face.%n%n", perClass);
        System.out.println("| upscale to (px) | images | faces found | share |");
        System.out.println("|---|---|---|---|");
        for (int up : new int[] {0, 64, 96, 128, 192, 256}) {
            Path out = tmp.resolve("up" + up);
            run(concat(common, "build", "--out", out.toString(), "--upscale", Integer.toString(up)));
            int found = 0;
            int images = 0;
            for (String l : Files.readAllLines(out.resolve("counts.csv"))) {
                String[] f = l.split(",");
                found += f[0].equals("original-kept") ? Integer.parseInt(f[3]) : 0;
                images += f[0].equals("capped") ? Integer.parseInt(f[3]) : 0;
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f %% |%n", up == 0 ? "none (48)" : Integer.toString(up),
                    images, found, 100.0 * found / images);
        }

        System.out.printf("%n## Whole command%n%n`dataset build` on the same images at the default upscale, with the"
                + " landmark features, model loading and the outputs included.%n%n");
        System.out.println("| worker threads | images | seconds | images/s |");
        System.out.println("|---|---|---|---|");
        for (int threads : new int[] {1, 2}) {
            Path out = tmp.resolve("t" + threads);
            long t0 = System.nanoTime();
            run(concat(common, "build", "--out", out.toString(), "--landmarks", "--threads", Integer.toString(threads)));
            double secs = (System.nanoTime() - t0) / 1e9;
            int images = Files.readAllLines(out.resolve("sources.csv")).size() - 1;
            int items = 0;
            for (String l : Files.readAllLines(out.resolve("counts.csv"))) {
                String[] f = l.split(",");
                items += f[0].equals("capped") ? Integer.parseInt(f[3]) : 0;
            }
            System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f |%n", threads, items, secs, items / secs);
            if (images == 0) {
                throw new IllegalStateException("no sources");
            }
        }
        stages(zip, ModelLocator.of(Path.of(models)), perClass * 7);
    }

    /** One thread, each stage timed on its own, over the first {@code n} test images (after a warm-up pass). */
    static void stages(Path zip, ModelLocator models, int n) throws Exception {
        List<byte[]> jpegs = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<ZipEntry> entries = new ArrayList<>(Collections.list(z.entries()));
            for (int i = 0; i < entries.size() && jpegs.size() < n; i += 5) {
                jpegs.add(z.getInputStream(entries.get(i)).readAllBytes());
            }
        }
        String[] names = {"read and decode the JPEG", "upscale to 64 px", "BlazeFace detector",
            "face landmarks (478 points)", "blendshapes (52)", "landmark features (1434)"};
        long[] nanos = new long[names.length];
        int faces = 0;
        try (BlazeFaceDetector detector = BlazeFaceDetector.withDefaults(models, 1);
                MediaPipeFaceLandmarker landmarker = MediaPipeFaceLandmarker.withDefaults(models, 1);
                FaceTracker tracker = landmarker.open(new TrackerOptions(1, false));
                BlendshapeExtractor blendshapes = new BlendshapeExtractor(
                        models.taskEntry(ModelFile.FACE_LANDMARKER, ModelFile.FACE_BLENDSHAPES_ENTRY), 1)) {
            LandmarkFeatureExtractor landmarkFeatures = new LandmarkFeatureExtractor();
            for (int pass = 0; pass < 2; pass++) { // pass 0 warms up the JIT and the interpreters
                java.util.Arrays.fill(nanos, 0);
                faces = 0;
                for (byte[] jpeg : jpegs) {
                    long t0 = System.nanoTime();
                    Image img = ImageConversion.read(jpeg, "bench");
                    long t1 = System.nanoTime();
                    img = Upscale.toLongerSide(img, 64);
                    long t2 = System.nanoTime();
                    detector.detect(img);
                    long t3 = System.nanoTime();
                    List<Face> found = tracker.process(img, 0, detector); // detects again, then the landmarks
                    long t4 = System.nanoTime();
                    nanos[0] += t1 - t0;
                    nanos[1] += t2 - t1;
                    nanos[2] += t3 - t2;
                    nanos[3] += Math.max(0, (t4 - t3) - (t3 - t2));
                    if (found.isEmpty()) {
                        continue;
                    }
                    faces++;
                    long t5 = System.nanoTime();
                    blendshapes.scores(found.get(0).landmarks(), img.width(), img.height());
                    long t6 = System.nanoTime();
                    landmarkFeatures.extract(new Frame("bench", 0, 0, img, null), found.get(0));
                    long t7 = System.nanoTime();
                    nanos[4] += t6 - t5;
                    nanos[5] += t7 - t6;
                }
            }
        }
        long total = 0;
        for (long v : nanos) {
            total += v;
        }
        System.out.printf("%n## Where the time of one image goes%n%nOne thread, %d PrivateTest images (every 5th of the"
                + " zip's first entries), %d with a face; the last stages run on faces only. Mean per image.%n%n",
                jpegs.size(), faces);
        System.out.println("| stage | ms per image | share |");
        System.out.println("|---|---|---|");
        for (int i = 0; i < names.length; i++) {
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.0f %% |%n", names[i], nanos[i] / 1e6 / jpegs.size(),
                    100.0 * nanos[i] / total);
        }
        System.out.printf(Locale.ROOT, "| all | %.3f | 100 %% |%n", total / 1e6 / jpegs.size());
    }

    private static String[] concat(String[] a, String... b) {
        List<String> l = new ArrayList<>();
        for (String s : b) {
            if (l.isEmpty()) {
                l.add(s); // the subcommand first
                l.addAll(List.of(a));
            } else {
                l.add(s);
            }
        }
        return l.toArray(String[]::new);
    }

    static String run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int code = DirectStages.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("dataset " + String.join(" ", args) + " failed: " + code);
        }
        return o.toString(StandardCharsets.UTF_8);
    }
}
