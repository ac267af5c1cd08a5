package bitnet.linalg;

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, Q^T A Q = T ({@code sytrd}), and the formation
 * of Q ({@code orgtr}) in compact-WY blocks.
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
        if (n == 0) {
            return;
        }
        double[] w = new double[n];
        double[] next = new double[n];
        if (n > 1) {
            generate(a, n, 0, d, e, tau);
            multiply(a, n, 0, tau[0], w);
        }
        for (int k = 0; k < n - 1; k++) {
            int len = n - k - 1;
            int v = k * n + k + 1;
            double tk = tau[k];
            boolean more = k + 1 < n - 1;
            if (tk == 0) {
                if (more) {
                    generate(a, n, k + 1, d, e, tau);
                    multiply(a, n, k + 1, tau[k + 1], w);
                }
                continue;
            }
            // w = p - (tau/2)(p.v) v; then A22 -= v w^T + w v^T row by row. Each row, once updated, is final for
            // step k + 1, so the next step's p = tau' A22' v' is taken in the same pass while the row is in L1.
            Vec.axpy(-0.5 * tk * Vec.dot(w, k + 1, a, v, len), a, v, w, k + 1, len);
            int r1 = (k + 1) * n + k + 1;
            Vec.axpy2(-a[v], w, k + 1, -w[k + 1], a, v, a, r1, len);
            double tn = 0;
            int vn = r1 + 1;
            if (more) {
                generate(a, n, k + 1, d, e, tau);
                tn = tau[k + 1];
            }
            for (int i = k + 2; i < n; i++) {
                int ri = i * n + k + 1;
                Vec.axpy2(-a[v + i - k - 1], w, k + 1, -w[i], a, v, a, ri, len);
                if (tn != 0) {
                    next[i] = tn * Vec.dot(a, ri + 1, a, vn, len - 1);
                }
            }
            double[] swap = w;
            w = next;
            next = swap;
        }
        d[n - 1] = a[(n - 1) * n + n - 1];
        e[n - 1] = 0;
    }

    private static void generate(double[] a, int n, int k, double[] d, double[] e, double[] tau) {
        int v = k * n + k + 1;
        tau[k] = Householder.generate(a, v, v + 1, 1, n - k - 2);
        e[k] = a[v];
        d[k] = a[k * n + k];
        a[v] = 1;
    }

    /** p[i] = tau * (A22 v)_i for the reflector of step k, in a separate pass. */
    private static void multiply(double[] a, int n, int k, double tk, double[] p) {
        if (tk == 0) {
            return;
        }
        int v = k * n + k + 1;
        for (int i = k + 1; i < n; i++) {
            p[i] = tk * Vec.dot(a, i * n + k + 1, a, v, n - k - 1);
        }
    }

    /** Returns Q^T (n x n) for the reflectors left in a by {@link #reduce}. */
    static double[] formQTransposed(double[] a, int n, double[] tau, int threads) {
        return Matrices.transpose(Householder.accumulateRows(a, n, tau, n - 1, threads), n, n);
    }
}
