package bitnet.linalg;

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, Q^T A Q = T ({@code sytrd}), and the formation
 * of Q^T from the reflectors ({@code orgtr}, transposed so that later rotations act on contiguous rows).
 */
final class Tridiagonal {
    private Tridiagonal() {
    }

    /**
     * Reduces the full symmetric n x n matrix a in place. Writes the diagonal to d, the off-diagonal to e
     * (e[i] couples i and i + 1, e[n - 1] = 0) and reflector k to row k of a (from column k + 1, with a unit
     * first element), its scalar to tau[k].
     */
    static void reduce(double[] a, int n, double[] d, double[] e, double[] tau) {
        double[] p = new double[n];
        for (int k = 0; k < n - 1; k++) {
            int len = n - k - 1;
            int v = k * n + k + 1;
            double tk = Householder.generate(a, v, v + 1, 1, len - 1);
            tau[k] = tk;
            e[k] = a[v];
            d[k] = a[k * n + k];
            a[v] = 1;
            if (tk == 0) {
                continue;
            }
            // p = tau A22 v, w = p - (tau/2)(p.v) v, A22 -= v w^T + w v^T: one dot and one fused axpy per row.
            for (int i = k + 1; i < n; i++) {
                p[i] = tk * Vec.dot(a, i * n + k + 1, a, v, len);
            }
            double half = -0.5 * tk * Vec.dot(p, k + 1, a, v, len);
            Vec.axpy(half, a, v, p, k + 1, len);
            for (int i = k + 1; i < n; i++) {
                Vec.axpy2(-a[v + i - k - 1], p, k + 1, -p[i], a, v, a, i * n + k + 1, len);
            }
        }
        if (n > 0) {
            d[n - 1] = a[(n - 1) * n + n - 1];
            e[n - 1] = 0;
        }
    }

    /** Returns Q^T (n x n) for the reflectors left in a by {@link #reduce}. */
    static double[] formQTransposed(double[] a, int n, double[] tau) {
        double[] x = Matrices.identity(n);
        for (int k = n - 2; k >= 0; k--) {
            double tk = tau[k];
            if (tk == 0) {
                continue;
            }
            int v = k * n + k + 1;
            int len = n - k - 1;
            for (int r = k + 1; r < n; r++) {
                double s = tk * Vec.dot(x, r * n + k + 1, a, v, len);
                if (s != 0) {
                    Vec.axpy(-s, a, v, x, r * n + k + 1, len);
                }
            }
        }
        return x;
    }
}
