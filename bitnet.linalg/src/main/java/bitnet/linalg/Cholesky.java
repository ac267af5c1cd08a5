package bitnet.linalg;

import bitnet.api.linalg.NotPositiveDefiniteException;

/**
 * Blocked right-looking Cholesky factorisation A = L L^T of a symmetric positive definite matrix: factor a
 * diagonal block, solve the panel below it, subtract the panel's outer product from the trailing lower triangle
 * (a GEMM), repeat.
 */
public final class Cholesky {
    static final int BLOCK = 64;

    private Cholesky() {
    }

    /**
     * Returns the lower triangular L with A = L L^T; only the lower triangle of {@code a} is read, as LAPACK's
     * {@code potrf('L')} and {@code numpy.linalg.cholesky} do. {@code a} is not modified.
     *
     * @param a n x n row-major
     * @param threads threads for the trailing updates
     * @return n x n row-major L, zero above the diagonal
     * @throws NotPositiveDefiniteException if a leading minor is not positive
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     * @throws bitnet.api.tensor.ShapeMismatchException if a is not n x n
     */
    public static double[] factor(double[] a, int n, int threads) {
        Matrices.requireSquare(a, n, "a");
        Matrices.requireFinite(a, n, "a");
        // No scaling (as LAPACK's potrf): every intermediate is bounded by the diagonal (|l_ij|^2 <= a_ii, and the
        // dots by Cauchy-Schwarz), so nothing overflows, and an underflow costs at most 2^-1074 absolute. Scaling
        // down would instead flush the small end of a graded matrix to zero and make it indefinite.
        double[] l = a.clone();
        factorInPlace(l, n, threads);
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(l, i * n + i + 1, i * n + n, 0.0);
        }
        return l;
    }

    /** Factors the lower triangle of l in place; the strict upper triangle is left with garbage. */
    static void factorInPlace(double[] l, int n, int threads) {
        double[] packed = new double[Math.min(BLOCK, n) * n];
        for (int k = 0; k < n; k += BLOCK) {
            int kb = Math.min(BLOCK, n - k);
            factorDiagonal(l, n, k, kb);
            int m2 = n - k - kb;
            if (m2 == 0) {
                break;
            }
            solvePanel(l, n, k, kb);
            int top = k + kb;
            for (int p = 0; p < kb; p++) {
                for (int r = 0; r < m2; r++) {
                    packed[p * m2 + r] = l[(top + r) * n + k + p];
                }
            }
            // Only the lower triangle of the trailing matrix is needed: row block r updates columns up to its end.
            for (int r = 0; r < m2; r += BLOCK) {
                int rb = Math.min(BLOCK, m2 - r);
                Gemm.multiplyAdd(rb, r + rb, kb, -1.0, l, (top + r) * n + k, n, packed, 0, m2, l,
                        (top + r) * n + top, n, threads);
            }
        }
    }

    private static void factorDiagonal(double[] l, int n, int k, int kb) {
        for (int i = k; i < k + kb; i++) {
            int ri = i * n;
            for (int j = k; j <= i; j++) {
                int rj = j * n;
                double s = l[ri + j] - Vec.dot(l, ri + k, l, rj + k, j - k);
                if (i == j) {
                    // !(s > 0) also catches a NaN that rounding of a near-singular matrix can produce.
                    if (!(s > 0)) {
                        throw new NotPositiveDefiniteException(i + 1);
                    }
                    l[ri + i] = Math.sqrt(s);
                } else {
                    l[ri + j] = s / l[rj + j];
                }
            }
        }
    }

    private static void solvePanel(double[] l, int n, int k, int kb) {
        for (int i = k + kb; i < n; i++) {
            int ri = i * n;
            for (int j = k; j < k + kb; j++) {
                int rj = j * n;
                l[ri + j] = (l[ri + j] - Vec.dot(l, ri + k, l, rj + k, j - k)) / l[rj + j];
            }
        }
    }

    /**
     * Solves A X = B given the Cholesky factor L of A.
     *
     * @param l n x n lower factor from {@link #factor}
     * @param b n x nrhs right-hand sides, not modified
     * @return X, n x nrhs
     */
    public static double[] solve(double[] l, int n, double[] b, int nrhs) {
        Matrices.requireSquare(l, n, "l");
        Matrices.requireShape(b, n, nrhs, "b");
        Matrices.requireFinite(b, nrhs, "b");
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < i; p++) {
                Vec.axpy(-l[i * n + p], x, p * nrhs, x, i * nrhs, nrhs);
            }
            Vec.divide(l[i * n + i], x, i * nrhs, nrhs);
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int p = i + 1; p < n; p++) {
                Vec.axpy(-l[p * n + i], x, p * nrhs, x, i * nrhs, nrhs);
            }
            Vec.divide(l[i * n + i], x, i * nrhs, nrhs);
        }
        return x;
    }
}
