package org.emotionlens.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rational activations against the JDK's double-precision functions, and the row loops against plain sums. */
class FloatKernelsTest {
    @Test
    void activationsAreWithinTheirStatedErrorOverTheWholeRange() {
        double tanh = 0, sigmoid = 0, selu = 0;
        for (int i = -200_000; i <= 200_000; i++) {
            float v = i * 1e-4f;
            tanh = Math.max(tanh, Math.abs(FloatKernels.tanh(v) - Math.tanh(v)));
            sigmoid = Math.max(sigmoid, Math.abs(FloatKernels.sigmoid(v) - 1 / (1 + Math.exp(-v))));
            double exact = v > 0 ? FloatKernels.SELU_SCALE_DOUBLE * v
                    : FloatKernels.SELU_SCALE_DOUBLE * FloatKernels.SELU_ALPHA_DOUBLE * Math.expm1(v);
            selu = Math.max(selu, Math.abs(FloatKernels.selu(v) - exact) / Math.max(1, Math.abs(exact)));
        }
        System.out.printf("worst error: tanh %.3g sigmoid %.3g selu %.3g%n", tanh, sigmoid, selu);
        assertThat(tanh).isLessThan(4e-7);
        assertThat(sigmoid).isLessThan(3e-7);
        assertThat(selu).isLessThan(3e-7);
    }

    @Test
    void aRowTimesAMatrixAddsEveryRowOnce() {
        int rows = 7, n = 5; // 7 rows: one block of four, then three single rows
        float[][] x = new float[rows][n];
        float[] a = new float[rows];
        for (int k = 0; k < rows; k++) {
            a[k] = (k + 1) * 0.5f;
            for (int j = 0; j < n; j++) x[k][j] = k - j * 0.25f;
        }
        float[] y = {1, 2, 3, 4, 5};
        FloatKernels.addRowTimesMatrix(y, a, x, 1, rows, n);
        for (int j = 0; j < n; j++) {
            double expected = j + 1;
            for (int k = 1; k < rows; k++) expected += (double) a[k] * x[k][j];
            assertThat((double) y[j]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
        }
    }
}
