package bitnet.linalg;

import bitnet.api.linalg.SingularMatrixException;

/**
 * Blocked right-looking LU factorisation with partial pivoting: factor a panel of columns with row swaps applied to
 * whole rows, solve the block row of U, subtract L21 U12 from the trailing matrix (a GEMM), repeat.
 */
public final class Lu {
    static final int BLOCK = 64;

    private Lu() {
    }

    /**
     * Factors P A = L U. A zero pivot does not stop the factorisation (as in LAPACK); it is reported in the result.
     *
     * @param a n x n row-major, not modified
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     * @throws bitnet.api.tensor.ShapeMismatchException if a is not n x n
     */
    public static LuResult factor(double[] a, int n, int threads) {
        Matrices.requireSquare(a, n, "a");
        Matrices.requireFinite(a, n, "a");
        return factorChecked(a, n, threads);
    }

    /** {@link #factor} of a matrix whose shape and finiteness the caller has checked. */
    static LuResult factorChecked(double[] a, int n, int threads) {
        double[] lu = a.clone();
        int[] piv = new int[n];
        int sign = 1;
        int zero = -1;
        for (int k = 0; k < n; k += BLOCK) {
            int kend = Math.min(n, k + BLOCK);
            for (int j = k; j < kend; j++) {
                int p = j;
                double max = Math.abs(lu[j * n + j]);
                for (int i = j + 1; i < n; i++) {
                    double v = Math.abs(lu[i * n + j]);
                    if (v > max) {
                        max = v;
                        p = i;
                    }
                }
                piv[j] = p;
                if (p != j) {
                    Matrices.swapRows(lu, n, j, p);
                    sign = -sign;
                }
                double d = lu[j * n + j];
                if (d == 0) {
                    if (zero < 0) {
                        zero = j;
                    }
                    continue;
                }
                for (int i = j + 1; i < n; i++) {
                    double lij = lu[i * n + j] / d;
                    lu[i * n + j] = lij;
                    if (lij != 0) {
                        Vec.axpy(-lij, lu, j * n + j + 1, lu, i * n + j + 1, kend - j - 1);
                    }
                }
            }
            if (kend < n) {
                for (int j = k + 1; j < kend; j++) {
                    for (int p = k; p < j; p++) {
                        Vec.axpy(-lu[j * n + p], lu, p * n + kend, lu, j * n + kend, n - kend);
                    }
                }
                Gemm.multiplyAdd(n - kend, n - kend, kend - k, -1.0, lu, kend * n + k, n, lu, k * n + kend, n, lu,
                        kend * n + kend, n, threads);
            }
        }
        return new LuResult(lu, n, piv, sign, zero);
    }

    /**
     * @return whether every pivot is finite: with finite input, an infinite or NaN pivot means that the elimination
     *     itself overflowed (growth near the top of the double range), and the factorisation of A scaled down is
     *     needed ({@link Scaling#unitExponent})
     */
    static boolean finitePivots(LuResult f) {
        int n = f.n();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(f.lu()[i * n + i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Solves A X = B from the factorisation of A.
     *
     * @param b n x nrhs, not modified
     * @return X, n x nrhs
     * @throws SingularMatrixException if A is singular
     */
    public static double[] solve(LuResult f, double[] b, int nrhs) {
        int n = f.n();
        Matrices.requireShape(b, n, nrhs, "b");
        Matrices.requireFinite(b, nrhs, "b");
        if (f.singular()) {
            throw new SingularMatrixException(f.firstZeroPivot());
        }
        double[] x = b.clone();
        solveInPlace(f, x, nrhs);
        return x;
    }

    static void solveInPlace(LuResult f, double[] x, int nrhs) {
        int n = f.n();
        double[] lu = f.lu();
        int[] piv = f.pivots();
        for (int i = 0; i < n; i++) {
            if (piv[i] != i) {
                Matrices.swapRows(x, nrhs, i, piv[i]);
            }
        }
        for (int i = 1; i < n; i++) {
            for (int p = 0; p < i; p++) {
                double l = lu[i * n + p];
                if (l != 0) {
                    Vec.axpy(-l, x, p * nrhs, x, i * nrhs, nrhs);
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int p = i + 1; p < n; p++) {
                double u = lu[i * n + p];
                if (u != 0) {
                    Vec.axpy(-u, x, p * nrhs, x, i * nrhs, nrhs);
                }
            }
            Vec.divide(lu[i * n + i], x, i * nrhs, nrhs);
        }
    }

    /** Solves A^T x = b for one right-hand side, in place; A must be non-singular. */
    static void solveTransposedInPlace(LuResult f, double[] x) {
        int n = f.n();
        double[] lu = f.lu();
        for (int i = 0; i < n; i++) {
            double s = x[i];
            for (int p = 0; p < i; p++) {
                s -= lu[p * n + i] * x[p];
            }
            x[i] = s / lu[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int p = i + 1; p < n; p++) {
                s -= lu[p * n + i] * x[p];
            }
            x[i] = s;
        }
        int[] piv = f.pivots();
        for (int i = n - 1; i >= 0; i--) {
            if (piv[i] != i) {
                double t = x[i];
                x[i] = x[piv[i]];
                x[piv[i]] = t;
            }
        }
    }
}
