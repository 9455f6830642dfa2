package org.emotionlens.landmarker.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.emotionlens.api.Box;
import org.emotionlens.api.Detection;
import org.emotionlens.api.Face;
import org.emotionlens.api.FaceDetector;
import org.emotionlens.api.FaceTracker;
import org.emotionlens.api.Image;
import org.emotionlens.api.StageClosedException;
import org.emotionlens.api.TrackerOptions;
import org.emotionlens.geometry.RotatedRect;

/**
 * MediaPipe FaceLandmarker's per-stream logic. IMAGE mode (video = false): detect, expand each detection to a ROI,
 * landmarks. VIDEO mode: next-frame ROIs from this frame's landmarks; the detector runs only while fewer faces are
 * tracked than {@code maxFaces}; fresh detections replace tracked ROIs they overlap (IoU > min tracking
 * confidence); One Euro smoothing when {@code maxFaces == 1} (FACTS sections 2-4 and 6); the facial
 * transformation matrix of each face from its final landmarks (FACTS section 7). With more than one landmark model,
 * the faces of a frame run on them at once (face k on model k mod n, the caller's thread on model 0, helper threads
 * on the others); everything after the landmark model stays in face order on the caller's thread. With
 * {@link TrackerOptions#keepRejected()}, a detection whose landmarks fail the presence test is still a face, with the detection's own
 * box and score and no landmarks (what the pipeline makes of a detection without a landmarker), in its place among
 * the faces; it becomes no next-frame ROI and does not reach the smoother, since it has no landmarks to follow.
 */
public final class MediaPipeTracker implements FaceTracker {
    static final int EYE_OUTER_LEFT = 33;
    static final int EYE_OUTER_RIGHT = 263;

    /** A ROI, the id of the face it follows, and the detection it was expanded from (null: a tracked ROI). */
    private record Track(int id, RotatedRect rect, Detection detection) {
    }

    private final TrackerOptions options;
    private final float minPresence;
    private final float minTracking;
    private final LandmarkModel[] models;
    /** Threads for models 1..n-1; null with one model. */
    private final ExecutorService helpers;
    private final FaceGeometry geometry;
    private final Consumer<MediaPipeTracker> onClose;
    private List<Track> previous; // null: no packet (first frame, or no face in the last frame)
    private LandmarkSmoother smoother;
    private int nextId;
    private long detectNanos;
    private int detectorCalls;
    private boolean closed;

    MediaPipeTracker(TrackerOptions options, float minPresence, float minTracking, LandmarkModel model,
            FaceGeometry geometry, Consumer<MediaPipeTracker> onClose) {
        this(options, minPresence, minTracking, List.of(model), geometry, onClose);
    }

    /** One landmark model per face run at once (at least one). */
    MediaPipeTracker(TrackerOptions options, float minPresence, float minTracking, List<LandmarkModel> models,
            FaceGeometry geometry, Consumer<MediaPipeTracker> onClose) {
        this.options = options;
        this.minPresence = minPresence;
        this.minTracking = minTracking;
        this.models = models.toArray(new LandmarkModel[0]);
        this.helpers = this.models.length < 2 ? null : Executors.newFixedThreadPool(this.models.length - 1, r -> {
            Thread t = new Thread(r, "emotionlens-landmarks");
            t.setDaemon(true);
            return t;
        });
        this.geometry = geometry;
        this.onClose = onClose;
    }

    @Override
    public synchronized List<Face> process(Image image, long timestampMicros, FaceDetector detector) {
        if (closed) {
            throw new StageClosedException("face tracker was closed");
        }
        int w = image.width();
        int h = image.height();
        List<Track> rois;
        if (!options.video()) {
            rois = new ArrayList<>();
            int i = 0;
            for (Detection d : detect(image, detector)) {
                rois.add(new Track(i++, rectFromDetection(d, w, h), d));
            }
        } else {
            rois = associate(image, detector);
        }
        List<Face> faces = new ArrayList<>();
        List<Track> next = new ArrayList<>();
        LandmarkModel.Result[] results = landmarks(image, rois);
        int landmarked = 0;
        for (int k = 0; k < rois.size(); k++) {
            Track t = rois.get(k);
            LandmarkModel.Result r = results[k];
            if (!((double) r.presence() > (double) minPresence)) {
                if (options.keepRejected() && t.detection != null) {
                    // the very face the pipeline gives without a landmarker: box-based features see the same crop
                    faces.add(new Face(t.id, t.detection.box(), t.detection.score(), null, null, null));
                }
                continue;
            }
            float[] lm = r.landmarks();
            if (options.video()) {
                next.add(new Track(t.id, nextFrameRect(lm, w, h), null));
                if (options.maxFaces() == 1 && landmarked == 0) {
                    if (smoother == null) {
                        smoother = new LandmarkSmoother(LandmarkModel.LANDMARKS);
                    }
                    lm = smoother.apply(lm, w, h, timestampMicros);
                }
            }
            // geometry from the final (smoothed) landmarks, as MediaPipe's graph computes it
            faces.add(new Face(t.id, boundingBox(lm), r.presence(), lm, null, Map.of(), geometry.transform(lm, w, h)));
            landmarked++;
        }
        if (options.video()) {
            previous = next.isEmpty() ? null : next;
            if (landmarked == 0) {
                smoother = null; // no landmarks for face 0: filters are re-created with the next face
            }
        }
        return faces;
    }

    /** The landmark model's result for every ROI, in ROI order, on all models at once. */
    private LandmarkModel.Result[] landmarks(Image image, List<Track> rois) {
        LandmarkModel.Result[] out = new LandmarkModel.Result[rois.size()];
        int lanes = Math.min(models.length, rois.size());
        List<Future<?>> helping = new ArrayList<>();
        for (int lane = 1; lane < lanes; lane++) {
            int l = lane;
            helping.add(helpers.submit(() -> runLane(l, lanes, image, rois, out)));
        }
        runLane(0, lanes, image, rois, out);
        for (Future<?> f : helping) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StageClosedException("interrupted while the landmark models ran");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("landmark model failed", e.getCause());
            }
        }
        return out;
    }

    private void runLane(int lane, int lanes, Image image, List<Track> rois, LandmarkModel.Result[] out) {
        for (int k = lane; k < rois.size(); k += lanes) {
            out[k] = models[lane].run(image, rois.get(k).rect);
        }
    }

    /** FACTS 4b: detector only without enough tracked faces; then prev ROIs first, detections after, IoU merge. */
    private List<Track> associate(Image image, FaceDetector detector) {
        List<Track> list = new ArrayList<>();
        List<Track> inputs = new ArrayList<>();
        if (previous != null) {
            inputs.addAll(previous);
        }
        if (previous == null || previous.size() < options.maxFaces()) {
            for (Detection d : detect(image, detector)) {
                inputs.add(new Track(-1, rectFromDetection(d, image.width(), image.height()), d)); // id decided below
            }
        }
        for (Track in : inputs) {
            int inherited = -1;
            float best = 0;
            for (int k = list.size() - 1; k >= 0; k--) {
                float iou = list.get(k).rect.iou(in.rect);
                if (iou > minTracking) {
                    if (iou > best) {
                        best = iou;
                        inherited = list.get(k).id;
                    }
                    list.remove(k);
                }
            }
            // a detection that replaces a tracked ROI is the same face: it keeps that face's id
            int id = in.id >= 0 ? in.id : inherited >= 0 ? inherited : nextId++;
            list.add(new Track(id, in.rect, in.detection));
        }
        return list.size() > options.maxFaces() ? new ArrayList<>(list.subList(0, options.maxFaces())) : list;
    }

    /** Detections, clipped to maxFaces (each becomes an expanded ROI: FACTS 2a-2b). */
    private List<Detection> detect(Image image, FaceDetector detector) {
        long t0 = System.nanoTime();
        List<Detection> found = detector.detect(image);
        detectNanos += System.nanoTime() - t0;
        detectorCalls++;
        return found.size() > options.maxFaces() ? found.subList(0, options.maxFaces()) : found;
    }

    static RotatedRect rectFromDetection(Detection d, int w, int h) {
        Box b = d.box();
        float rotation = d.keypointCount() >= 2
                ? RotatedRect.rotationFromPoints(d.keypoints()[0], d.keypoints()[1], d.keypoints()[2], d.keypoints()[3], w, h)
                : 0f;
        return new RotatedRect(b.x() + b.width() / 2, b.y() + b.height() / 2, b.width(), b.height(), rotation)
                .transform(1.5f, 1.5f, false, w, h);
    }

    /** FACTS 4a: bounding box of all landmarks, rotation from 33 to 263, square on the long side, scale 1.5. */
    static RotatedRect nextFrameRect(float[] lm, int w, int h) {
        float minX = Float.MAX_VALUE;
        float minY = Float.MAX_VALUE;
        float maxX = Float.MIN_VALUE; // MediaPipe's quirk: the running max starts at FLT_MIN
        float maxY = Float.MIN_VALUE;
        for (int i = 0; i < lm.length; i += 3) {
            minX = Math.min(minX, lm[i]);
            maxX = Math.max(maxX, lm[i]);
            minY = Math.min(minY, lm[i + 1]);
            maxY = Math.max(maxY, lm[i + 1]);
        }
        float bw = maxX - minX;
        float bh = maxY - minY;
        float rotation = RotatedRect.rotationFromPoints(lm[3 * EYE_OUTER_LEFT], lm[3 * EYE_OUTER_LEFT + 1],
                lm[3 * EYE_OUTER_RIGHT], lm[3 * EYE_OUTER_RIGHT + 1], w, h);
        return new RotatedRect(minX + bw / 2, minY + bh / 2, bw, bh, rotation).transform(1.5f, 1.5f, true, w, h);
    }

    static Box boundingBox(float[] lm) {
        float minX = Float.MAX_VALUE;
        float minY = Float.MAX_VALUE;
        float maxX = -Float.MAX_VALUE;
        float maxY = -Float.MAX_VALUE;
        for (int i = 0; i < lm.length; i += 3) {
            minX = Math.min(minX, lm[i]);
            maxX = Math.max(maxX, lm[i]);
            minY = Math.min(minY, lm[i + 1]);
            maxY = Math.max(maxY, lm[i + 1]);
        }
        return new Box(minX, minY, maxX - minX, maxY - minY);
    }

    /** How often this tracker called its detector. */
    public int detectorCalls() {
        return detectorCalls;
    }

    /** Cumulative stage times in ns: detect, crop, landmarks. */
    public long[] stageNanos() {
        long crop = 0;
        long inference = 0;
        for (LandmarkModel m : models) {
            crop += m.cropNanos;
            inference += m.inferenceNanos;
        }
        return new long[] {detectNanos, crop, inference};
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (helpers != null) {
                helpers.shutdownNow();
            }
            for (LandmarkModel m : models) {
                m.close();
            }
            onClose.accept(this);
        }
    }
}
