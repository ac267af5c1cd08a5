package bitnet.linalg;

import bitnet.api.linalg.SvdMode;

/** Moore-Penrose pseudo-inverse through the SVD, with NumPy's cut-off rule. */
public final class PseudoInverse {
    /** NumPy's default {@code rcond} for {@code pinv}. */
    public static final double DEFAULT_RCOND = 1e-15;

    private PseudoInverse() {
    }

    /**
     * @param a m x n, not modified
     * @param rcond singular values at or below rcond * the largest are treated as zero
     * @return A^+, n x m
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     */
    public static double[] compute(double[] a, int m, int n, double rcond, int threads) {
        Matrices.requireShape(a, m, n, "a");
        int k = Scaling.exponent(Matrices.requireFiniteMaxAbs(a, n, "a"));
        if (m == 0 || n == 0) {
            return new double[0];
        }
        // (2^k A)^+ = 2^-k A^+: the reciprocals of the singular values stay finite for any finite A.
        SvdResult svd = Svd.decompose(Scaling.scaledCopy(a, k), m, n, SvdMode.THIN);
        int rank = LeastSquares.rank(svd.s(), rcond);
        double[] p = LeastSquares.pseudoSolve(svd, m, n, Matrices.identity(m), m, rank, threads);
        Scaling.scale(p, k);
        return p;
    }
}
