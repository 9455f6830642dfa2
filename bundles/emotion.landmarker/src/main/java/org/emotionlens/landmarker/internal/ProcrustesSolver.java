package org.emotionlens.landmarker.internal;

/**
 * MediaPipe's weighted orthogonal Procrustes solver (face_geometry/libs/procrustes_solver.cc, after Akca 2003,
 * section 2.4): the rotation, uniform scale and translation that best map source points onto target points, each
 * point weighted. Computed in double precision (MediaPipe: float). Points are packed x, y, z per point.
 */
final class ProcrustesSolver {
    private static final double EPS = 1e-9;

    private ProcrustesSolver() {
    }

    /** The 4 x 4 row-major matrix {@code [s R | t]} taking source points onto target points. */
    static double[] solve(double[] source, double[] target, double[] weights) {
        int n = weights.length;
        double total = 0;
        double[] c = new double[3];
        for (int i = 0; i < n; i++) {
            total += weights[i];
            for (int k = 0; k < 3; k++) {
                c[k] += weights[i] * source[3 * i + k];
            }
        }
        if (total <= EPS) {
            throw new IllegalArgumentException("the total point weight is too small");
        }
        for (int k = 0; k < 3; k++) {
            c[k] /= total;
        }
        // design = sum_i w_i * target_i * (source_i - c)^T (the weighted, centred cross-covariance)
        double[] design = new double[9];
        double denominator = 0;
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (w == 0) {
                continue;
            }
            for (int r = 0; r < 3; r++) {
                for (int col = 0; col < 3; col++) {
                    design[3 * r + col] += w * target[3 * i + r] * (source[3 * i + col] - c[col]);
                }
                denominator += w * (source[3 * i + r] - c[r]) * source[3 * i + r];
            }
        }
        double[] rotation = Svd3.rotation(design);
        double numerator = 0;
        for (int r = 0; r < 3; r++) {
            for (int col = 0; col < 3; col++) {
                numerator += rotation[3 * r + col] * design[3 * r + col];
            }
        }
        if (denominator <= EPS || numerator / denominator <= EPS) {
            throw new IllegalArgumentException("the Procrustes scale is too small");
        }
        double scale = numerator / denominator;
        double[] t = new double[3];
        for (int i = 0; i < n; i++) {
            double w = weights[i];
            if (w == 0) {
                continue;
            }
            for (int r = 0; r < 3; r++) {
                double mapped = 0;
                for (int col = 0; col < 3; col++) {
                    mapped += scale * rotation[3 * r + col] * source[3 * i + col];
                }
                t[r] += w * (target[3 * i + r] - mapped);
            }
        }
        double[] m = new double[16];
        for (int r = 0; r < 3; r++) {
            for (int col = 0; col < 3; col++) {
                m[4 * r + col] = scale * rotation[3 * r + col];
            }
            m[4 * r + 3] = t[r] / total;
        }
        m[15] = 1;
        return m;
    }
}
