package bitnet.linalg;

import bitnet.api.linalg.SingularMatrixException;

/** Linear solves and the inverse through LU with partial pivoting. */
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
        return Lu.solve(Lu.factor(a, n, threads), Matrices.identity(n), n);
    }

    /**
     * @param a n x n, not modified
     * @param b n x nrhs, not modified
     * @return X with A X = B, n x nrhs
     * @throws SingularMatrixException if A is exactly singular
     */
    public static double[] solve(double[] a, int n, double[] b, int nrhs, int threads) {
        return Lu.solve(Lu.factor(a, n, threads), b, nrhs);
    }
}
