package bitnet.linalg;

/**
 * Cuppen's divide and conquer for the eigenvectors of a symmetric tridiagonal matrix (LAPACK's {@code dstedc} /
 * {@code dlaed0}): T splits into two halves plus a rank-one term, the halves are solved recursively (implicit QL at
 * the leaves), and {@link RankOneMerge} joins them. The O(n^3) work is the merges' matrix products, done by
 * {@link Gemm}.
 */
final class TridiagonalDivideConquer {
    /**
     * Subproblems of at most this order go to implicit QL. LAPACK's {@code SMLSIZ} is 25; 32 was chosen, not tuned
     * by measurement (the merges' GEMMs dominate at n = 512 either way).
     */
    static final int LEAF = 32;

    private TridiagonalDivideConquer() {
    }

    /**
     * Diagonalises T = tridiag(e, d, e) (e[i] couples i and i + 1; e[n - 1] is ignored): on return d holds the
     * eigenvalues ascending, and the returned n x n row-major Z holds the unit eigenvector of d[j] in column j, so
     * that T = Z diag(d) Z^T. e is overwritten.
     *
     * @param leaf subproblems of at most this order (at least 2) are solved by implicit QL
     * @throws bitnet.api.linalg.NoConvergenceException if a QL leaf or a secular equation does not converge
     */
    static double[] solve(double[] d, double[] e, int n, int leaf, int threads) {
        return solve(d, e, n, n, leaf, threads);
    }

    /**
     * As {@link #solve(double[], double[], int, int, int)}, but returns only the eigenvectors of the {@code wanted} largest
     * eigenvalues: n x wanted, column j for d[n - wanted + j]. All n eigenvalues are still written to d.
     */
    static double[] solve(double[] d, double[] e, int n, int wanted, int leaf, int threads) {
        if (n == 0) {
            return new double[0];
        }
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(d[i]));
            if (i < n - 1) {
                scale = Math.max(scale, Math.abs(e[i]));
            }
        }
        if (scale == 0) {
            return lastColumns(Matrices.identity(n), n, wanted);
        }
        // Scaling to norm ~1 keeps the secular equation's products and the deflation tolerance clear of overflow
        // and underflow for graded or tiny matrices; powers of two are exact.
        double s = Math.scalb(1.0, -Math.getExponent(scale));
        for (int i = 0; i < n; i++) {
            d[i] *= s;
            e[i] *= s;
        }
        double[] z = block(d, e, 0, n, n - wanted, Math.max(2, leaf), threads);
        double back = 1 / s;
        for (int i = 0; i < n; i++) {
            d[i] *= back;
        }
        return z;
    }

    private static double[] block(double[] d, double[] e, int off, int size, int from, int leaf, int threads) {
        if (size <= leaf) {
            return lastColumns(leaf(d, e, off, size), size, size - from);
        }
        int n1 = size / 2;
        double beta = e[off + n1 - 1];
        d[off + n1 - 1] -= Math.abs(beta);
        d[off + n1] -= Math.abs(beta);
        double[] q1 = block(d, e, off, n1, 0, leaf, threads);
        double[] q2 = block(d, e, off + n1, size - n1, 0, leaf, threads);
        return RankOneMerge.merge(d, off, n1, size - n1, beta, q1, q2, from, threads);
    }

    private static double[] lastColumns(double[] q, int n, int wanted) {
        if (wanted == n) {
            return q;
        }
        double[] out = new double[n * wanted];
        for (int r = 0; r < n; r++) {
            System.arraycopy(q, r * n + n - wanted, out, r * wanted, wanted);
        }
        return out;
    }

    private static double[] leaf(double[] d, double[] e, int off, int size) {
        double[] dl = new double[size];
        double[] el = new double[size];
        System.arraycopy(d, off, dl, 0, size);
        System.arraycopy(e, off, el, 0, size - 1);
        double[] zt = Matrices.identity(size);
        TridiagonalQl.solve(dl, el, size, zt);
        System.arraycopy(dl, 0, d, off, size);
        return Matrices.transpose(zt, size, size);
    }
}
