package bitnet.linalg;

/**
 * Singular vectors of an upper bidiagonal B through the symmetric eigenproblem of its Golub-Kahan matrix: the
 * perfect shuffle of [[0, B^T], [B, 0]] is tridiagonal with zero diagonal and off-diagonal (d_0, e_0, d_1, e_1, ...,
 * d_{n-1}), its eigenvalues are +-s_i, and the eigenvector of +s_i interleaves v_i and u_i, each scaled by
 * 1/sqrt(2). {@link TridiagonalDivideConquer} solves it.
 *
 * <p>Accuracy caveat and its repair: an eigenvector of +s is accurate to eps ||B|| / gap, and the gap to the
 * mirrored -s is 2 s, so for small s the computed vector mixes in the mirrored pair (and other small pairs). That
 * mixing keeps B v - s u at the eps ||B|| level but costs the u and v parts their mutual orthogonality. Columns with s
 * below {@link #REORTHOGONALISE_BELOW} s_max are therefore re-orthogonalised (block Gram-Schmidt twice against the
 * larger ones, then among themselves), and a part that has vanished (an exact null space, where the eigensolver may
 * return [u; 0]) is replaced by a unit vector orthogonal to the rest, which is a valid singular vector for s ~ 0.
 */
final class GolubKahanDivideConquer {
    /**
     * Mixing between the u and v parts of columns i and j is at most ~eps ||B|| / (s_i + s_j); above 0.1 s_max for
     * one of them that is ~1e-15, well under the 1e-13 orthogonality the goldens demand.
     */
    static final double REORTHOGONALISE_BELOW = 0.1;
    private static final double SQRT2 = Math.sqrt(2);

    private GolubKahanDivideConquer() {
    }

    /**
     * Computes B = U diag(s) V^T for B = bidiag(d, e) (n values, e[k] couples k and k + 1, e[n - 1] ignored): on
     * return d holds s, non-negative and descending; u and v (n x n row-major, preallocated) hold the singular
     * vectors as columns.
     *
     * @throws bitnet.api.linalg.NoConvergenceException if the eigensolver does not converge
     */
    static void solve(double[] d, double[] e, int n, double[] u, double[] v, int leaf, int threads) {
        if (n == 0) {
            return;
        }
        int size = 2 * n;
        double[] td = new double[size];
        double[] te = new double[size];
        for (int i = 0; i < n; i++) {
            te[2 * i] = d[i];
            te[2 * i + 1] = i < n - 1 ? e[i] : 0;
        }
        // Only the eigenvectors of the n largest eigenvalues (+s) are formed: y is size x n, ascending.
        double[] y = TridiagonalDivideConquer.solve(td, te, size, n, leaf, threads);
        for (int j = 0; j < n; j++) {
            d[j] = Math.max(td[size - 1 - j], 0);
        }
        for (int i = 0; i < n; i++) {
            int vr = 2 * i * n;
            int ur = vr + n;
            for (int j = 0; j < n; j++) {
                v[i * n + j] = SQRT2 * y[vr + n - 1 - j];
                u[i * n + j] = SQRT2 * y[ur + n - 1 - j];
            }
        }
        int first = n;
        while (first > 0 && d[first - 1] <= REORTHOGONALISE_BELOW * d[0]) {
            first--;
        }
        orthonormalise(u, n, first, threads);
        orthonormalise(v, n, first, threads);
    }

    /**
     * Normalises the columns of x (n x n row-major); makes columns first .. n - 1 orthonormal to the columns before
     * them and to each other, replacing any that has (numerically) vanished.
     */
    private static void orthonormalise(double[] x, int n, int first, int threads) {
        double[] xt = Matrices.transpose(x, n, n);
        for (int j = 0; j < first; j++) {
            normalise(xt, j * n, n);
        }
        int s = n - first;
        if (s > 0) {
            for (int j = first; j < n; j++) {
                normalise(xt, j * n, n);
            }
            if (first > 0) {
                for (int pass = 0; pass < 2; pass++) {
                    // C = X_big^T X_small (first x s), then X_small -= X_big C, done on the rows of X^T.
                    double[] small = Matrices.transpose(java.util.Arrays.copyOfRange(xt, first * n, n * n), s, n);
                    double[] c = new double[first * s];
                    Gemm.multiplyAdd(first, s, n, 1.0, xt, 0, n, small, 0, s, c, 0, s, threads);
                    double[] ct = Matrices.transpose(c, first, s);
                    Gemm.multiplyAdd(s, n, first, -1.0, ct, 0, first, xt, 0, n, xt, first * n, n, threads);
                }
            }
            for (int j = first; j < n; j++) {
                int row = j * n;
                double before = Math.sqrt(Vec.dot(xt, row, xt, row, n));
                // The block passes made it orthogonal to the columns before first already.
                double after = project(xt, n, first, j, row);
                if (after <= 0.5 * before || before == 0) {
                    // The part vanished or was a combination of the others: complete the basis with the unit vector
                    // e_r of largest component outside the columns before j (at least sqrt((n - j) / n)).
                    java.util.Arrays.fill(xt, row, row + n, 0.0);
                    xt[row + freestUnitVector(xt, n, j)] = 1;
                    after = project(xt, n, 0, j, row);
                }
                Vec.scale(1 / after, xt, row, n);
            }
        }
        double[] back = Matrices.transpose(xt, n, n);
        System.arraycopy(back, 0, x, 0, n * n);
    }

    /** @return r minimising sum_{i < j} x_{r,i}^2, i.e. maximising the part of e_r outside rows 0 .. j - 1 of xt */
    private static int freestUnitVector(double[] xt, int n, int j) {
        double[] inside = new double[n];
        for (int i = 0; i < j; i++) {
            for (int r = 0; r < n; r++) {
                inside[r] += xt[i * n + r] * xt[i * n + r];
            }
        }
        int best = 0;
        for (int r = 1; r < n; r++) {
            if (inside[r] < inside[best]) {
                best = r;
            }
        }
        return best;
    }

    /** Two passes of modified Gram-Schmidt of row j of xt against rows from .. j - 1; returns the remaining norm. */
    private static double project(double[] xt, int n, int from, int j, int row) {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = from; i < j; i++) {
                double c = Vec.dot(xt, i * n, xt, row, n);
                Vec.axpy(-c, xt, i * n, xt, row, n);
            }
        }
        return Math.sqrt(Vec.dot(xt, row, xt, row, n));
    }

    private static void normalise(double[] xt, int at, int n) {
        double norm = Math.sqrt(Vec.dot(xt, at, xt, at, n));
        if (norm > 0) {
            Vec.scale(1 / norm, xt, at, n);
        }
    }
}
