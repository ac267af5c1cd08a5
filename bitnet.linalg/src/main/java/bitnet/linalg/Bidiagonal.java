package bitnet.linalg;

/**
 * Householder reduction of an m x n matrix, m >= n, to upper bidiagonal form U_b^T A V_b = B ({@code gebrd}), and
 * the formation of U_b^T and V_b^T as row matrices.
 */
final class Bidiagonal {
    private Bidiagonal() {
    }

    /**
     * Reduces a in place. Writes B's diagonal to d (n), its superdiagonal to e (e[n - 1] = 0); left reflector k below
     * the diagonal of column k (scalar tauq[k]), right reflector k right of the superdiagonal of row k (scalar
     * taup[k], unit first element stored at (k, k + 1)).
     */
    static void reduce(double[] a, int m, int n, double[] d, double[] e, double[] tauq, double[] taup) {
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            double tq = Householder.generate(a, k * n + k, (k + 1) * n + k, n, m - k - 1);
            tauq[k] = tq;
            d[k] = a[k * n + k];
            int width = n - k - 1;
            if (tq != 0 && width > 0) {
                // Left reflection of the trailing columns: w = v^T A, then A -= tau v w^T, row by row.
                System.arraycopy(a, k * n + k + 1, w, 0, width);
                for (int i = k + 1; i < m; i++) {
                    Vec.axpy(a[i * n + k], a, i * n + k + 1, w, 0, width);
                }
                Vec.axpy(-tq, w, 0, a, k * n + k + 1, width);
                for (int i = k + 1; i < m; i++) {
                    Vec.axpy(-tq * a[i * n + k], w, 0, a, i * n + k + 1, width);
                }
            }
            if (width == 0) {
                e[k] = 0;
                taup[k] = 0;
                continue;
            }
            int v = k * n + k + 1;
            double tp = Householder.generate(a, v, v + 1, 1, width - 1);
            taup[k] = tp;
            e[k] = a[v];
            if (tp == 0) {
                continue;
            }
            a[v] = 1;
            for (int i = k + 1; i < m; i++) {
                double s = tp * Vec.dot(a, i * n + k + 1, a, v, width);
                if (s != 0) {
                    Vec.axpy(-s, a, v, a, i * n + k + 1, width);
                }
            }
        }
    }

    /**
     * Returns the first {@code rows} rows of U_b^T (rows x m): rows = n for the thin U, m for the full one. Reads
     * the left reflectors left in a by {@link #reduce}.
     */
    static double[] formUTransposed(double[] a, int m, int n, double[] tauq, int rows) {
        double[] x = new double[rows * m];
        for (int i = 0; i < rows; i++) {
            x[i * m + i] = 1;
        }
        double[] v = new double[m];
        for (int k = n - 1; k >= 0; k--) {
            double tk = tauq[k];
            if (tk == 0) {
                continue;
            }
            int len = m - k;
            v[0] = 1;
            for (int i = 1; i < len; i++) {
                v[i] = a[(k + i) * n + k];
            }
            for (int r = k; r < rows; r++) {
                double s = tk * Vec.dot(x, r * m + k, v, 0, len);
                if (s != 0) {
                    Vec.axpy(-s, v, 0, x, r * m + k, len);
                }
            }
        }
        return x;
    }

    /** Returns V_b^T (n x n) from the right reflectors left in a by {@link #reduce}. */
    static double[] formVTransposed(double[] a, int n, double[] taup) {
        double[] x = Matrices.identity(n);
        for (int k = n - 2; k >= 0; k--) {
            double tk = taup[k];
            if (tk == 0) {
                continue;
            }
            int v = k * n + k + 1;
            int len = n - k - 1;
            a[v] = 1;
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
