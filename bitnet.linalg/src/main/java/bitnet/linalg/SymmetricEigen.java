package bitnet.linalg;

import bitnet.api.linalg.NoConvergenceException;

/**
 * Symmetric eigendecomposition: Householder tridiagonalisation, then implicit QL iteration (eigenvalues only, and
 * small matrices with vectors; the eigenvectors are accumulated as rows so that every rotation streams two contiguous
 * rows) or divide and conquer ({@link TridiagonalDivideConquer}, with vectors above {@link #DIVIDE_CONQUER_MIN}).
 * A matrix of very large or very small magnitude is scaled by a power of two first, as LAPACK's {@code dsyevd} scales
 * it ({@link Scaling}).
 */
public final class SymmetricEigen {
    /**
     * From this order on, eigenvectors come from divide and conquer and one back-transformation by the reflectors;
     * below it the divide-and-conquer tree would be at most one merge over QL leaves. Not tuned by measurement.
     */
    static final int DIVIDE_CONQUER_MIN = 2 * TridiagonalDivideConquer.LEAF + 1;

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
        return decompose(a, n, vectors, threads, DIVIDE_CONQUER_MIN, TridiagonalDivideConquer.LEAF);
    }

    /** As {@link #decompose(double[], int, boolean, int)}, with the switch-over orders chosen (for tests). */
    static EighResult decompose(double[] a, int n, boolean vectors, int threads, int dcMin, int leaf) {
        Matrices.requireSquare(a, n, "a");
        // The scale comes from the triangle that is read (as dlansy's): the other one may hold anything finite.
        // Unscaled, implicit QL loses eigenvalues to underflow near 1e-290 and overflows to NaN near 1e290.
        int k = Scaling.exponent(Matrices.requireFiniteMaxAbsLower(a, n, "a"));
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                w[i * n + j] = a[i * n + j];
                w[j * n + i] = a[i * n + j];
            }
        }
        Scaling.scale(w, k);
        double[] d = new double[n];
        double[] e = new double[n];
        double[] tau = new double[n];
        Tridiagonal.reduce(w, n, d, e, tau);
        if (vectors && n >= dcMin) {
            double[] z = TridiagonalDivideConquer.solve(d, e, n, leaf, threads);
            Householder.applyRows(w, n, tau, n - 1, z, n, threads);
            Scaling.scale(d, -k);
            return new EighResult(d, z, n);
        }
        double[] zt = vectors ? Tridiagonal.formQTransposed(w, n, tau, threads) : null;
        TridiagonalQl.solve(d, e, n, zt);
        Scaling.scale(d, -k);
        return new EighResult(d, vectors ? Matrices.transpose(zt, n, n) : null, n);
    }
}
