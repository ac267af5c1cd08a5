package bitnet.linalg;

import bitnet.api.linalg.SvdMode;

/**
 * Least squares: Householder QR for a tall or square matrix of full rank, the SVD (minimum-norm solution) for a
 * wide or rank-deficient one. The rank decision uses the singular values of R, which equal those of A. A matrix of
 * very large or very small magnitude is scaled by a power of two first ({@link Scaling}), as LAPACK's {@code dgelsd}
 * scales it.
 */
public final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * Solves min ||A X - B||_F.
     *
     * @param a m x n, not modified
     * @param b m x nrhs, not modified
     * @param rcond singular values at or below rcond * the largest count as zero; negative for NumPy's default,
     *     eps * max(m, n)
     * @throws bitnet.api.linalg.NonFiniteInputException if a or b holds NaN or an infinity
     * @throws bitnet.api.tensor.ShapeMismatchException if the lengths do not match the dimensions
     */
    public static LstsqResult solve(double[] a, int m, int n, double[] b, int nrhs, double rcond, int threads) {
        Matrices.requireShape(a, m, n, "a");
        Matrices.requireShape(b, m, nrhs, "b");
        int k = Scaling.exponent(Matrices.requireFiniteMaxAbs(a, n, "a"));
        Matrices.requireFinite(b, nrhs, "b");
        double cut = rcond < 0 ? Math.ulp(1.0) * Math.max(m, n) : rcond;
        // min ||2^k A X' - B|| has X' = 2^-k X, the same residuals and the singular values 2^k s.
        LstsqResult r = solveScaled(Scaling.scaledCopy(a, k), m, n, b, nrhs, cut, threads);
        Scaling.scale(r.x(), k);
        Scaling.scale(r.singularValues(), -k);
        return r;
    }

    private static LstsqResult solveScaled(double[] a, int m, int n, double[] b, int nrhs, double cut, int threads) {
        if (m >= n && n > 0) {
            double[] f = a.clone();
            double[] tau = new double[n];
            Qr.factorInPlace(f, m, n, tau, threads);
            double[] r = new double[n * n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(f, i * n + i, r, i * n + i, n - i);
            }
            double[] s = Svd.values(r, n, n);
            int rank = rank(s, cut);
            if (rank == n) {
                double[] y = b.clone();
                Qr.applyQTransposed(f, m, n, tau, y, nrhs, threads);
                double[] x = java.util.Arrays.copyOf(y, n * nrhs);
                for (int i = n - 1; i >= 0; i--) {
                    for (int p = i + 1; p < n; p++) {
                        Vec.axpy(-r[i * n + p], x, p * nrhs, x, i * nrhs, nrhs);
                    }
                    Vec.divide(r[i * n + i], x, i * nrhs, nrhs);
                }
                double[] residuals = new double[m > n ? nrhs : 0];
                for (int i = n; i < m && residuals.length > 0; i++) {
                    for (int j = 0; j < nrhs; j++) {
                        residuals[j] += y[i * nrhs + j] * y[i * nrhs + j];
                    }
                }
                return new LstsqResult(x, residuals, rank, s);
            }
        }
        SvdResult svd = Svd.decompose(a, m, n, SvdMode.THIN);
        int rank = rank(svd.s(), cut);
        double[] x = pseudoSolve(svd, m, n, b, nrhs, rank, threads);
        return new LstsqResult(x, new double[0], rank, svd.s());
    }

    static int rank(double[] s, double rcond) {
        if (s.length == 0) {
            return 0;
        }
        double tol = rcond * s[0];
        int rank = 0;
        while (rank < s.length && s[rank] > tol) {
            rank++;
        }
        return rank;
    }

    /** X = V_r diag(1 / s_r) U_r^T B over the first {@code rank} singular triplets. */
    static double[] pseudoSolve(SvdResult svd, int m, int n, double[] b, int nrhs, int rank, int threads) {
        int k = svd.uCols();
        double[] utb = new double[rank * nrhs];
        double[] uT = Matrices.transpose(svd.u(), m, k);
        Gemm.multiplyAdd(rank, nrhs, m, 1.0, uT, 0, m, b, 0, nrhs, utb, 0, nrhs, threads);
        for (int i = 0; i < rank; i++) {
            Vec.divide(svd.s()[i], utb, i * nrhs, nrhs);
        }
        double[] v = Matrices.transpose(svd.vt(), svd.vtRows(), n);
        double[] x = new double[n * nrhs];
        Gemm.multiplyAdd(n, nrhs, rank, 1.0, v, 0, svd.vtRows(), utb, 0, nrhs, x, 0, nrhs, threads);
        return x;
    }
}
