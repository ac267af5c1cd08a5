package bitnet.linalg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/** Seeded test matrices and the measures the tests compare with named tolerances. */
final class TestMatrices {
    private TestMatrices() {
    }

    static double[] random(int m, int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    /** A A^T + n I: symmetric positive definite and well conditioned. */
    static double[] spd(int n, long seed) {
        double[] g = random(n, n, seed);
        double[] a = Matrices.multiply(g, n, n, Matrices.transpose(g, n, n), n, 1);
        for (int i = 0; i < n; i++) {
            a[i * n + i] += n;
        }
        return a;
    }

    static double[] symmetric(int n, long seed) {
        double[] g = random(n, n, seed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = g[i * n + j] + g[j * n + i];
            }
        }
        return a;
    }

    static double frobenius(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** @return ||a - b||_F / max(||a||_F, tiny) */
    static double relativeError(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s) / Math.max(frobenius(a), Double.MIN_NORMAL);
    }

    /** @return max |(Q^T Q - I)_ij| for the rows x cols matrix q (columns orthonormal) */
    static double orthogonalityError(double[] q, int rows, int cols) {
        double[] qtq = Matrices.multiply(Matrices.transpose(q, rows, cols), cols, rows, q, cols, 1);
        double max = 0;
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, Math.abs(qtq[i * cols + j] - (i == j ? 1 : 0)));
            }
        }
        return max;
    }

    static double[] diagTimes(double[] u, int rows, int cols, double[] s) {
        double[] r = u.clone();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                r[i * cols + j] *= s[j];
            }
        }
        return r;
    }

    static void assertBelow(double value, double bound, String what) {
        assertTrue(value <= bound, what + ": " + value + " exceeds " + bound);
    }
}
