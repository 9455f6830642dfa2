package org.emotionlens.landmarker.internal;

/**
 * The proper rotation nearest to a 3 x 3 matrix M (row-major): {@code U diag(1, 1, d) V^T} from M's singular value
 * decomposition, d making the determinant +1, as MediaPipe's Procrustes solver takes it from Eigen's JacobiSVD. V
 * and the singular values come from a Jacobi eigen decomposition of M^T M; U's third column is the cross product
 * of the first two, so a (near) zero smallest singular value does no harm.
 */
final class Svd3 {
    private Svd3() {
    }

    static double[] rotation(double[] m) {
        double[] a = new double[9]; // M^T M
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += m[3 * k + r] * m[3 * k + c];
                }
                a[3 * r + c] = s;
            }
        }
        double[] v = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        jacobi(a, v);
        // eigenvalues (squared singular values) descending, columns of v along
        int[] order = {0, 1, 2};
        for (int i = 0; i < 2; i++) {
            for (int j = i + 1; j < 3; j++) {
                if (a[4 * order[j]] > a[4 * order[i]]) {
                    int tmp = order[i];
                    order[i] = order[j];
                    order[j] = tmp;
                }
            }
        }
        double[][] vc = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                vc[i][k] = v[3 * k + order[i]];
            }
        }
        double[] u0 = unit(times(m, vc[0]));
        double[] u1 = times(m, vc[1]);
        double d01 = dot(u0, u1);
        for (int k = 0; k < 3; k++) {
            u1[k] -= d01 * u0[k]; // re-orthogonalise against rounding
        }
        u1 = unit(u1);
        double[] u2 = cross(u0, u1);
        double detV = dot(cross(vc[0], vc[1]), vc[2]);
        double[][] uc = {u0, u1, {u2[0] * detV, u2[1] * detV, u2[2] * detV}};
        double[] r = new double[9];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                r[3 * row + col] = uc[0][row] * vc[0][col] + uc[1][row] * vc[1][col] + uc[2][row] * vc[2][col];
            }
        }
        return r;
    }

    /** Cyclic Jacobi on the symmetric a (left with its eigenvalues on the diagonal); v gathers the eigenvectors. */
    private static void jacobi(double[] a, double[] v) {
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
            double diag = a[0] * a[0] + a[4] * a[4] + a[8] * a[8];
            if (off <= 1e-30 * diag) {
                return;
            }
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    double apq = a[3 * p + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (a[3 * q + q] - a[3 * p + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < 3; k++) { // a = J^T a J, columns then rows
                        double akp = a[3 * k + p];
                        double akq = a[3 * k + q];
                        a[3 * k + p] = c * akp - s * akq;
                        a[3 * k + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++) {
                        double apk = a[3 * p + k];
                        double aqk = a[3 * q + k];
                        a[3 * p + k] = c * apk - s * aqk;
                        a[3 * q + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 3; k++) {
                        double vkp = v[3 * k + p];
                        double vkq = v[3 * k + q];
                        v[3 * k + p] = c * vkp - s * vkq;
                        v[3 * k + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
    }

    private static double[] times(double[] m, double[] x) {
        return new double[] {m[0] * x[0] + m[1] * x[1] + m[2] * x[2], m[3] * x[0] + m[4] * x[1] + m[5] * x[2],
            m[6] * x[0] + m[7] * x[1] + m[8] * x[2]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] unit(double[] a) {
        double n = Math.sqrt(dot(a, a));
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }
}
