package bitnet.linalg;

import bitnet.api.linalg.MatrixNorm;
import bitnet.api.tensor.ShapeMismatchException;

/** Condition numbers: exact in the 2-norm (SVD) or any norm (through the inverse), and a cheap 1-norm estimate. */
public final class Conditioning {
    /** Hager's estimator rarely improves after a few steps; LAPACK's {@code dlacon} stops at five. */
    private static final int ESTIMATE_STEPS = 5;

    private Conditioning() {
    }

    /**
     * cond(A) = ||A|| ||A^-1||; in the 2-norm s_max / s_min of any m x n matrix. A singular matrix gives +infinity.
     *
     * @throws ShapeMismatchException if a norm other than the 2-norm is asked of a non-square matrix
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     */
    public static double cond(double[] a, int m, int n, MatrixNorm kind, int threads) {
        Matrices.requireShape(a, m, n, "a");
        // cond(2^k A) = cond(A): in range, the inverse of a tiny matrix no longer overflows ([[1e-310]] has cond 1).
        a = Scaling.scaledCopy(a, Scaling.exponent(Matrices.requireFiniteMaxAbs(a, n, "a")));
        if (kind == MatrixNorm.TWO) {
            double[] s = Svd.values(a, m, n);
            return s.length == 0 ? 0 : s[s.length - 1] == 0 ? Double.POSITIVE_INFINITY : s[0] / s[s.length - 1];
        }
        if (m != n) {
            throw new ShapeMismatchException("cond in the " + kind + " norm needs a square matrix, got " + m + " x "
                    + n + "; use MatrixNorm.TWO for rectangular matrices");
        }
        LuResult f = Lu.factorChecked(a, n, threads);
        if (f.singular()) {
            return Double.POSITIVE_INFINITY;
        }
        double[] inv = Matrices.identity(n);
        Lu.solveInPlace(f, inv, n);
        return Norms.norm(a, n, n, kind) * Norms.norm(inv, n, n, kind);
    }

    /**
     * Estimates the 1-norm condition number ||A||_1 ||A^-1||_1 with Hager's method (LAPACK's {@code gecon} idea):
     * O(n^2) per step after one LU instead of forming the inverse. The estimate never exceeds the true value and is
     * usually equal to it or within a factor of 3.
     *
     * @return the estimate; +infinity for a singular matrix
     */
    public static double estimateOne(double[] a, int n, int threads) {
        Matrices.requireSquare(a, n, "a");
        a = Scaling.scaledCopy(a, Scaling.exponent(Matrices.requireFiniteMaxAbs(a, n, "a")));
        LuResult f = Lu.factorChecked(a, n, threads);
        if (n == 0) {
            return 0;
        }
        if (f.singular()) {
            return Double.POSITIVE_INFINITY;
        }
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1.0 / n);
        double estimate = 0;
        int last = -1;
        for (int step = 0; step < ESTIMATE_STEPS; step++) {
            double[] y = x.clone();
            Lu.solveInPlace(f, y, 1);
            double norm = 0;
            for (double v : y) {
                norm += Math.abs(v);
            }
            estimate = Math.max(estimate, norm);
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = y[i] >= 0 ? 1 : -1;
            }
            Lu.solveTransposedInPlace(f, z);
            int j = 0;
            double zx = 0;
            for (int i = 0; i < n; i++) {
                if (Math.abs(z[i]) > Math.abs(z[j])) {
                    j = i;
                }
                zx += z[i] * x[i];
            }
            if (Math.abs(z[j]) <= zx || j == last) {
                break;
            }
            java.util.Arrays.fill(x, 0);
            x[j] = 1;
            last = j;
        }
        return Norms.maxColumnSum(a, n, n) * estimate;
    }
}
