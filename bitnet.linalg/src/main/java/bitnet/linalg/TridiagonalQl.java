package bitnet.linalg;

import bitnet.api.linalg.NoConvergenceException;

/**
 * Implicit QL iteration with Wilkinson-type shifts on a symmetric tridiagonal matrix (EISPACK's {@code tql2}),
 * accumulating the rotations into the rows of a matrix of eigenvectors.
 */
final class TridiagonalQl {
    /**
     * EISPACK's and LAPACK's ({@code dsteqr}'s {@code maxit}) limit: an eigenvalue that needs more sweeps than this is
     * reported as not converging, so the whole iteration makes at most 30 n sweeps.
     */
    static final int MAX_SWEEPS = 30;

    private TridiagonalQl() {
    }

    /**
     * Diagonalises T = tridiag(e, d, e) in place: on return d holds the eigenvalues in ascending order. If zt is not
     * null, its rows (length n) are rotated along, so that zt = Q^T on entry gives the eigenvectors as rows.
     *
     * @throws NoConvergenceException if an eigenvalue needs more than {@link #MAX_SWEEPS} sweeps
     */
    static void solve(double[] d, double[] e, int n, double[] zt) {
        int maxSweeps = IterationCaps.of(IterationCaps.Loop.TRIDIAGONAL_QL, MAX_SWEEPS);
        RotationLog log = zt == null ? null : new RotationLog(zt, n, n);
        double f = 0;
        double tst1 = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            // Written as !(|e| <= tol) so that a NaN counts as not yet converged and ends at the sweep cap, never as
            // an eigenvalue.
            while (m < n - 1 && !(Math.abs(e[m]) <= eps * tst1)) {
                m++;
            }
            if (m > l) {
                int sweeps = 0;
                do {
                    if (++sweeps > maxSweeps) {
                        throw new NoConvergenceException("symmetric eigensolver: the implicit QL iteration on the "
                                + "tridiagonal of order " + n + " did not converge in " + maxSweeps
                                + " iterations for eigenvalue " + l);
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = FastMath.hypot(p, 1);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0;
                    double s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = FastMath.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        if (log != null) {
                            log.rotate(i, i + 1, c, -s);
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (!(Math.abs(e[l]) <= eps * tst1));
            }
            d[l] += f;
            e[l] = 0;
        }
        if (log != null) {
            log.flush();
        }
        sortAscending(d, n, zt);
    }

    private static void sortAscending(double[] d, int n, double[] zt) {
        for (int i = 0; i < n - 1; i++) {
            int k = i;
            for (int j = i + 1; j < n; j++) {
                if (d[j] < d[k]) {
                    k = j;
                }
            }
            if (k != i) {
                double t = d[k];
                d[k] = d[i];
                d[i] = t;
                if (zt != null) {
                    Matrices.swapRows(zt, n, i, k);
                }
            }
        }
    }
}
