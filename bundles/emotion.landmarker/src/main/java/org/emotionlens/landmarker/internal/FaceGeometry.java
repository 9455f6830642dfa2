package org.emotionlens.landmarker.internal;

import org.emotionlens.models.ModelFile;

/**
 * MediaPipe's face geometry pipeline for landmarks (face_geometry/libs/geometry_pipeline.cc with the Face
 * Landmarker's environment: origin at the top-left corner, perspective camera with a 63 degree vertical field of
 * view, near plane 1 cm): the facial transformation matrix that takes the canonical face model (centimetres) to the
 * face in the camera's metric space. Screen landmarks are projected onto the near plane, unprojected twice with the
 * scale of a weighted Procrustes fit, and fitted once more. Only the first 468 landmarks (no iris) take part.
 * Immutable and thread-safe.
 */
public final class FaceGeometry {
    static final double VERTICAL_FOV_DEGREES = 63;
    static final double NEAR = 1;
    private static final double TOO_COMPACT = 1e-3;

    private final double[] canonical;
    private final double[] weights;
    private final int n;

    public FaceGeometry(byte[] metadataBinarypb) {
        GeometryMetadata m;
        try {
            m = GeometryMetadata.parse(metadataBinarypb);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(ModelFile.GEOMETRY_METADATA_ENTRY + " is not MediaPipe's geometry"
                    + " pipeline metadata (" + e + "); use the official face_landmarker.task", e);
        }
        if (m.vertices() != 468) {
            throw new IllegalArgumentException(ModelFile.GEOMETRY_METADATA_ENTRY + " has a canonical mesh of "
                    + m.vertices() + " vertices, not 468; use the official face_landmarker.task");
        }
        n = m.vertices();
        canonical = new double[3 * n];
        weights = new double[n];
        for (int i = 0; i < 3 * n; i++) {
            canonical[i] = m.canonical()[i];
        }
        for (int i = 0; i < n; i++) {
            weights[i] = m.weights()[i];
        }
    }

    /** Number of landmarks the canonical model has (468). */
    public int landmarks() {
        return n;
    }

    /**
     * The 4 x 4 row-major transformation matrix for landmarks (x, y normalised to the image, z on the x scale; at
     * least {@link #landmarks()} points) of an image of this size; null when the landmarks are too compact to fit,
     * where MediaPipe gives no geometry either.
     */
    public float[] transform(float[] landmarks, int width, int height) {
        if (landmarks.length < 3 * n) {
            throw new IllegalArgumentException("face geometry needs " + n + " landmarks, got " + landmarks.length / 3);
        }
        if (tooCompact(landmarks)) {
            return null;
        }
        double heightAtNear = 2 * NEAR * Math.tan(0.5 * Math.toRadians(VERTICAL_FOV_DEGREES));
        double widthAtNear = width * heightAtNear / height;
        double left = -0.5 * widthAtNear;
        double bottom = -0.5 * heightAtNear;
        double[] screen = new double[3 * n];
        double depth = 0;
        for (int i = 0; i < n; i++) {
            screen[3 * i] = landmarks[3 * i] * widthAtNear + left;
            screen[3 * i + 1] = (1 - landmarks[3 * i + 1]) * heightAtNear + bottom;
            screen[3 * i + 2] = landmarks[3 * i + 2] * widthAtNear;
            depth += screen[3 * i + 2];
        }
        depth /= n;
        // 1st fit on the projected points (z only flipped): unprojecting with a relative z is unsafe
        double[] intermediate = screen.clone();
        for (int i = 0; i < n; i++) {
            intermediate[3 * i + 2] = -intermediate[3 * i + 2];
        }
        double first = scale(ProcrustesSolver.solve(canonical, intermediate, weights));
        double second = scale(ProcrustesSolver.solve(canonical, unproject(screen, depth, first), weights));
        double[] metric = unproject(screen, depth, first * second);
        double[] m = ProcrustesSolver.solve(canonical, metric, weights);
        float[] out = new float[16];
        for (int i = 0; i < 16; i++) {
            out[i] = (float) m[i];
        }
        return out;
    }

    /** Z moved to the near plane and divided by the scale, x and y unprojected, then right-handed (z flipped). */
    private double[] unproject(double[] screen, double depth, double scale) {
        double[] p = new double[screen.length];
        for (int i = 0; i < n; i++) {
            double z = (screen[3 * i + 2] - depth + NEAR) / scale;
            p[3 * i] = screen[3 * i] * z / NEAR;
            p[3 * i + 1] = screen[3 * i + 1] * z / NEAR;
            p[3 * i + 2] = -z;
        }
        return p;
    }

    /** The fit's uniform scale: the length of the matrix's first column. */
    private static double scale(double[] m) {
        return Math.sqrt(m[0] * m[0] + m[4] * m[4] + m[8] * m[8]);
    }

    private boolean tooCompact(float[] lm) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += (lm[3 * i] - mx) / (i + 1);
            my += (lm[3 * i + 1] - my) / (i + 1);
        }
        double max = 0;
        for (int i = 0; i < n; i++) {
            double dx = lm[3 * i] - mx;
            double dy = lm[3 * i + 1] - my;
            max = Math.max(max, dx * dx + dy * dy);
        }
        return Math.sqrt(max) <= TOO_COMPACT;
    }
}
