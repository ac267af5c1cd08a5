package bitnet.linalg;

import bitnet.api.linalg.SingularMatrixException;

/**
 * Linear solves and the inverse through LU with partial pivoting; again on the matrix scaled by a power of two when
 * the elimination overflowed ({@link Scaling}).
 */
public final class Inverse {
    private Inverse() {
    }

    /**
     * @param a n x n, not modified
     * @return A^-1, n x n
     * @throws SingularMatrixException if A is exactly singular
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     */
    public static double[] invert(double[] a, int n, int threads) {
        return solve(a, n, Matrices.identity(n), n, threads);
    }

    /**
     * @param a n x n, not modified
     * @param b n x nrhs, not modified
     * @return X with A X = B, n x nrhs
     * @throws SingularMatrixException if A is exactly singular
     */
    public static double[] solve(double[] a, int n, double[] b, int nrhs, int threads) {
        Matrices.requireSquare(a, n, "a");
        double max = Matrices.requireFiniteMaxAbs(a, n, "a");
        LuResult f = Lu.factorChecked(a, n, threads);
        double[] x = Lu.solve(f, b, nrhs);
        if (Lu.finitePivots(f) && allFinite(x)) {
            return x;
        }
        // The elimination or the substitution overflowed (an infinite pivot turns the solution wrong but finite,
        // an infinite element of U turns it NaN). (2^k A) X' = B gives X = 2^k X' exactly, and at unit scale only a
        // result beyond the double range itself overflows. A is not scaled up front: scaling it down would flush the
        // small end of a graded matrix to zero and make it singular.
        int k = Scaling.unitExponent(max);
        x = Lu.solve(Lu.factorChecked(Scaling.scaledCopy(a, k), n, threads), b, nrhs);
        Scaling.scale(x, k);
        return x;
    }

    private static boolean allFinite(double[] x) {
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
