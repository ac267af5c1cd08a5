package bitnet.linalg;

import bitnet.api.linalg.NoConvergenceException;

/**
 * Symmetric eigendecomposition: Householder tridiagonalisation, then implicit QL iteration; the eigenvectors are
 * accumulated as rows so that every rotation streams two contiguous rows.
 */
public final class SymmetricEigen {
    private SymmetricEigen() {
    }

    /**
     * Computes eigenvalues (ascending) and, if asked, orthonormal eigenvectors. Only the lower triangle of a is read,
     * as {@code numpy.linalg.eigh} (UPLO='L') reads it; a is not modified.
     *
     * @param a n x n row-major
     * @param vectors whether to compute eigenvectors
     * @throws NoConvergenceException if the QL iteration does not converge
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     * @throws bitnet.api.tensor.ShapeMismatchException if a is not n x n
     */
    public static EighResult decompose(double[] a, int n, boolean vectors) {
        return decompose(a, n, vectors, 1);
    }

    /**
     * As {@link #decompose(double[], int, boolean)}, with up to {@code threads} threads for the blocked formation
     * of the eigenvector basis.
     */
    public static EighResult decompose(double[] a, int n, boolean vectors, int threads) {
        Matrices.requireSquare(a, n, "a");
        Matrices.requireFinite(a, n, "a");
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                w[i * n + j] = a[i * n + j];
                w[j * n + i] = a[i * n + j];
            }
        }
        double[] d = new double[n];
        double[] e = new double[n];
        double[] tau = new double[n];
        Tridiagonal.reduce(w, n, d, e, tau);
        double[] zt = vectors ? Tridiagonal.formQTransposed(w, n, tau, threads) : null;
        TridiagonalQl.solve(d, e, n, zt);
        return new EighResult(d, vectors ? Matrices.transpose(zt, n, n) : null, n);
    }
}
