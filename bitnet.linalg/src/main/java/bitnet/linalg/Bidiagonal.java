package bitnet.linalg;

/**
 * Householder reduction of an m x n matrix, m >= n, to upper bidiagonal form U_b^T A V_b = B ({@code gebrd}), and
 * the formation of U_b and V_b in compact-WY blocks.
 */
final class Bidiagonal {
    private Bidiagonal() {
    }

    /**
     * Reduces a in place. Writes B's diagonal to d (n), its superdiagonal to e (e[n - 1] = 0); left reflector k below
     * the diagonal of column k (scalar tauq[k]), right reflector k right of the superdiagonal of row k (scalar
     * taup[k], unit first element stored at (k, k + 1)).
     *
     * <p>Each step makes one pass over the trailing rows: left reflection, right reflection, and the sums the next
     * left reflector needs, all while the row is in L1. The textbook order takes three passes.
     */
    static void reduce(double[] a, int m, int n, double[] d, double[] e, double[] tauq, double[] taup) {
        double[] w = new double[n];
        double[] u = new double[n];
        boolean ready = false;
        for (int k = 0; k < n; k++) {
            int width = n - k - 1;
            if (!ready) {
                tauq[k] = Householder.generate(a, k * n + k, (k + 1) * n + k, n, m - k - 1);
                if (tauq[k] != 0 && width > 0) {
                    System.arraycopy(a, k * n + k + 1, w, 0, width);
                    for (int i = k + 1; i < m; i++) {
                        Vec.axpy(a[i * n + k], a, i * n + k + 1, w, 0, width);
                    }
                }
            }
            double tq = tauq[k];
            d[k] = a[k * n + k];
            if (width == 0) {
                e[k] = 0;
                taup[k] = 0;
                break;
            }
            if (tq != 0) {
                Vec.axpy(-tq, w, 0, a, k * n + k + 1, width);
            }
            int v = k * n + k + 1;
            double tp = Householder.generate(a, v, v + 1, 1, width - 1);
            taup[k] = tp;
            e[k] = a[v];
            a[v] = 1;
            java.util.Arrays.fill(u, 0, width - 1, 0.0);
            for (int i = k + 1; i < m; i++) {
                int ri = i * n + k + 1;
                if (tq != 0) {
                    Vec.axpy(-tq * a[i * n + k], w, 0, a, ri, width);
                }
                if (tp != 0) {
                    double s = tp * Vec.dot(a, ri, a, v, width);
                    if (s != 0) {
                        Vec.axpy(-s, a, v, a, ri, width);
                    }
                }
                if (i > k + 1) {
                    // Row i is final for step k + 1: gather x_i * row_i for w' = v'^T A' before v' is even known.
                    Vec.axpy(a[ri], a, ri + 1, u, 0, width - 1);
                }
            }
            if (tp == 0) {
                a[v] = e[k];
            }
            // Left reflector k + 1 from the finished column k + 1; v' = x / (alpha - beta) below its unit head.
            int head = (k + 1) * n + k + 1;
            double alpha = a[head];
            double tn = Householder.generate(a, head, head + n, n, m - k - 2);
            tauq[k + 1] = tn;
            if (tn != 0 && width > 1) {
                double denominator = alpha - a[head];
                double scale = 1 / denominator;
                for (int c = 0; c < width - 1; c++) {
                    // A subnormal denominator (a column of norm below 2^-1022) has no finite reciprocal: divide.
                    w[c] = a[head + 1 + c] + (Double.isInfinite(scale) ? u[c] / denominator : scale * u[c]);
                }
            }
            ready = true;
        }
    }

    /** Returns U_b (m x cols, cols = n thin or m full) from the left reflectors left in a by {@link #reduce}. */
    static double[] formU(double[] a, int m, int n, double[] tauq, int cols, int threads) {
        return Qr.formQ(a, m, n, tauq, cols, threads);
    }

    /** Returns V_b (n x n) from the right reflectors left in a by {@link #reduce}. */
    static double[] formV(double[] a, int n, double[] taup, int threads) {
        return Householder.accumulateRows(a, n, taup, n - 1, threads);
    }
}
