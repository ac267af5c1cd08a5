package bitnet.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every vector kernel against its scalar reference, at lengths 0, 1, lanes +- 1 and odd tails. */
class KernelReferenceTest {
    /** Vector code reassociates sums (lane-wise partial sums); relative error stays within a few ulps * length. */
    private static final double REASSOCIATION = 1e-13;
    private static final int LANES = VecVector.LANES;

    private static double[] data(int len, long seed) {
        Random r = new Random(seed);
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = r.nextDouble() * 2 - 1;
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 7, 8, 9, 15, 17, 31, 33, 100, 257})
    void levelOneKernelsMatchScalar(int len) {
        int[] lengths = {len, Math.max(0, LANES - 1), LANES + 1, 2 * LANES + 3};
        for (int n : lengths) {
            double[] x = data(n + 3, n);
            double[] y = data(n + 5, n + 1);
            assertEquals(Vec.dotScalar(x, 3, y, 5, n), Vec.dot(x, 3, y, 5, n), REASSOCIATION * (n + 1), "dot " + n);
            double[] y1 = y.clone();
            double[] y2 = y.clone();
            Vec.axpy(0.75, x, 3, y1, 5, n);
            Vec.axpyScalar(0.75, x, 3, y2, 5, n);
            assertArrayEquals(y2, y1, REASSOCIATION, "axpy " + n);
            Vec.axpy2(-0.5, x, 3, 1.25, x, 1, y1, 5, n);
            Vec.axpy2Scalar(-0.5, x, 3, 1.25, x, 1, y2, 5, n);
            assertArrayEquals(y2, y1, REASSOCIATION, "axpy2 " + n);
        }
    }

    @Test
    void scalarReferencesOnHandComputedCases() {
        // The vector kernels are compared with these scalar ones below; these are checked against arithmetic done
        // by hand. A = [[1, 2, 3], [4, 5, 6]], B = [[7, 8], [9, 10], [11, 12]]: A B = [[58, 64], [139, 154]].
        // A at offset 1 with row stride 4, B at offset 2 with row stride 3, C at offset 1 with row stride 3;
        // C = [[1, 1], [1, 1]] + (-0.5) A B = [[-28, -31], [-68.5, -76]]; the padding (9) stays.
        double[] a = {9, 1, 2, 3, 9, 4, 5, 6};
        double[] b = {9, 9, 7, 8, 9, 9, 10, 9, 11, 12};
        double[] c = {9, 1, 1, 9, 1, 1};
        Gemm.multiplyAddScalar(2, 2, 3, -0.5, a, 1, 4, b, 2, 3, c, 1, 3);
        assertArrayEquals(new double[] {9, -28, -31, 9, -68.5, -76}, c, 0);
        double[] dense = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {58, 64, 139, 154},
                Matrices.multiply(dense, 2, 3, new double[] {7, 8, 9, 10, 11, 12}, 2, 1), 0);
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, Matrices.transpose(dense, 2, 3), 0);
        // x = [1, 2, 3] at offset 1, y = [4, 5, 6] at offset 0: x . y = 32; y + 2 x = [6, 9, 12].
        double[] x = {9, 1, 2, 3};
        double[] y = {4, 5, 6};
        assertEquals(32, Vec.dotScalar(x, 1, y, 0, 3), 0);
        Vec.axpyScalar(2, x, 1, y, 0, 3);
        assertArrayEquals(new double[] {6, 9, 12}, y, 0);
        // y += 1 * x[1..3] + (-1) * x[0..2] = [6 + 1 - 9, 9 + 2 - 1, 12 + 3 - 2] = [-2, 10, 13]
        Vec.axpy2Scalar(1, x, 1, -1, x, 0, y, 0, 3);
        assertArrayEquals(new double[] {-2, 10, 13}, y, 0);
        // A rotation by 90 degrees (c = 0, s = 1) of rows [1, 2] and [3, 4]: [x c + y s, y c - x s] = [[3, 4], [-1, -2]]
        double[] rows = {1, 2, 3, 4};
        Rotations.rotateScalar(rows, 0, 2, 2, 0, 1);
        assertArrayEquals(new double[] {3, 4, -1, -2}, rows, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5, 7, 8, 9, 13, 33})
    void gemmMatchesScalar(int size) {
        int[][] shapes = {{size, size, size}, {size + 1, size + 2, size + 3}, {5, 2 * LANES + 1, size}, {1, 1, size},
            {size, 3, 1}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            // Sub-matrices with offsets and leading dimensions larger than their widths.
            double[] a = data(2 + m * (k + 1), m + k);
            double[] b = data(3 + k * (n + 2), n + k);
            double[] c1 = data(1 + m * (n + 4), m + n);
            double[] c2 = c1.clone();
            Gemm.multiplyAdd(m, n, k, -0.5, a, 2, k + 1, b, 3, n + 2, c1, 1, n + 4, 2);
            Gemm.multiplyAddScalar(m, n, k, -0.5, a, 2, k + 1, b, 3, n + 2, c2, 1, n + 4);
            assertArrayEquals(c2, c1, REASSOCIATION * (k + 1), "gemm " + m + "x" + n + "x" + k);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 5, 63, 64, 65, 130})
    void gemmParallelMatchesScalar(int extra) {
        int m = 100 + extra;
        int n = 120 + extra;
        int k = 90;
        double[] a = data(m * k, 1);
        double[] b = data(k * n, 2);
        double[] c1 = new double[m * n];
        double[] c2 = new double[m * n];
        Gemm.multiplyAdd(m, n, k, 1.0, a, 0, k, b, 0, n, c1, 0, n, 3);
        Gemm.multiplyAddScalar(m, n, k, 1.0, a, 0, k, b, 0, n, c2, 0, n);
        assertArrayEquals(c2, c1, REASSOCIATION * k);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5, 63, 64, 65, 200, 1025, 2051})
    void loggedRowOperationsMatchScalarRotations(int len) {
        int rows = 7;
        double[] x1 = data(rows * Math.max(len, 1), len);
        double[] x2 = x1.clone();
        RotationLog log = new RotationLog(x1, len, len);
        Random r = new Random(len);
        for (int op = 0; op < 40; op++) {
            int a = r.nextInt(rows);
            int b = (a + 1 + r.nextInt(rows - 1)) % rows;
            double angle = r.nextDouble() * 6;
            switch (op % 5) {
                case 3 -> {
                    log.swap(a, b);
                    for (int i = 0; i < len; i++) {
                        double t = x2[a * len + i];
                        x2[a * len + i] = x2[b * len + i];
                        x2[b * len + i] = t;
                    }
                }
                case 4 -> {
                    log.negate(a);
                    for (int i = 0; i < len; i++) {
                        x2[a * len + i] = -x2[a * len + i];
                    }
                }
                default -> {
                    log.rotate(a, b, Math.cos(angle), Math.sin(angle));
                    Rotations.rotateScalar(x2, a * len, b * len, len, Math.cos(angle), Math.sin(angle));
                }
            }
        }
        log.flush();
        assertArrayEquals(x2, x1, 0.0, "rotations are element-wise with the same roundings: exact agreement");
    }
}
