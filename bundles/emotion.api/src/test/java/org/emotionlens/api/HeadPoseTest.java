package org.emotionlens.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeadPoseTest {
    /** R = Rz(roll) Ry(yaw) Rx(pitch), times a scale, with a translation: the angles come back. */
    @Test
    void anglesOfAComposedRotationComeBack() {
        double yaw = Math.toRadians(25);
        double pitch = Math.toRadians(-12);
        double roll = Math.toRadians(7);
        double[][] rx = {{1, 0, 0}, {0, Math.cos(pitch), -Math.sin(pitch)}, {0, Math.sin(pitch), Math.cos(pitch)}};
        double[][] ry = {{Math.cos(yaw), 0, Math.sin(yaw)}, {0, 1, 0}, {-Math.sin(yaw), 0, Math.cos(yaw)}};
        double[][] rz = {{Math.cos(roll), -Math.sin(roll), 0}, {Math.sin(roll), Math.cos(roll), 0}, {0, 0, 1}};
        double[][] r = times(rz, times(ry, rx));
        float[] m = new float[16];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[4 * i + j] = (float) (1.3 * r[i][j]);
            }
        }
        m[3] = 2f;
        m[7] = -4f;
        m[11] = -60f;
        m[15] = 1f;
        HeadPose p = HeadPose.of(m);
        assertThat(p.yaw()).isCloseTo(25, within(1e-4));
        assertThat(p.pitch()).isCloseTo(-12, within(1e-4));
        assertThat(p.roll()).isCloseTo(7, within(1e-4));
        Face face = new Face(0, null, 1f, null, null, null).withTransform(m);
        assertThat(face.headPose()).isEqualTo(p);
        assertThat(new Face(0, null, 1f, null, null, null).headPose()).isNull();
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}
