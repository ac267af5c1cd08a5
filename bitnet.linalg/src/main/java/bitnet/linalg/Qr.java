package bitnet.linalg;

import bitnet.api.linalg.QrMode;

/**
 * Blocked Householder QR (LAPACK's {@code geqrf} scheme): each panel of columns is factored with level-2
 * reflections, then applied to the trailing matrix at once in compact-WY form (two GEMMs). Q, when asked for, is
 * accumulated backwards block by block the same way ({@code orgqr}).
 */
public final class Qr {
    static final int BLOCK = 32;

    private Qr() {
    }

    /**
     * Decomposes A = Q R; R's diagonal may be negative, as LAPACK's and NumPy's is.
     *
     * @param a m x n row-major, not modified
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     * @throws bitnet.api.tensor.ShapeMismatchException if a is not m x n
     */
    public static QrResult decompose(double[] a, int m, int n, QrMode mode, int threads) {
        Matrices.requireShape(a, m, n, "a");
        int scale = Scaling.exponent(Matrices.requireFiniteMaxAbs(a, n, "a"));
        double[] f = a.clone();
        // Q of 2^k A is Q of A, and R scales back exactly: the reflector updates then stay clear of overflow.
        Scaling.scale(f, scale);
        int kmax = Math.min(m, n);
        double[] tau = new double[kmax];
        factorInPlace(f, m, n, tau, threads);
        int rRows = mode == QrMode.COMPLETE ? m : kmax;
        double[] r = new double[rRows * n];
        for (int i = 0; i < Math.min(rRows, kmax); i++) {
            System.arraycopy(f, i * n + i, r, i * n + i, n - i);
        }
        Scaling.scale(r, -scale);
        if (mode == QrMode.R_ONLY) {
            return new QrResult(null, 0, 0, r, rRows, n);
        }
        int qCols = mode == QrMode.COMPLETE ? m : kmax;
        return new QrResult(formQ(f, m, n, tau, qCols, threads), m, qCols, r, rRows, n);
    }

    /** Factors f in place: R on and above the diagonal, reflector vectors below it, scalars in tau. */
    static void factorInPlace(double[] f, int m, int n, double[] tau, int threads) {
        int kmax = Math.min(m, n);
        int nb = Math.min(BLOCK, Math.max(1, kmax));
        double[] vt = new double[nb * m];
        double[] vp = new double[m * nb];
        double[] t = new double[nb * nb];
        double[] w = new double[nb * Math.max(n, 1)];
        for (int k = 0; k < kmax; k += BLOCK) {
            int kb = Math.min(BLOCK, kmax - k);
            factorPanel(f, m, n, k, kb, tau, w);
            int cols = n - k - kb;
            if (cols > 0) {
                Householder.packColumns(f, n, m, k, kb, vt, vp);
                Householder.buildT(vt, m - k, kb, tau, k, t);
                Householder.applyBlock(vt, vp, t, kb, m - k, f, k * n + k + kb, n, cols, w, true, threads);
            }
        }
    }

    private static void factorPanel(double[] f, int m, int n, int k, int kb, double[] tau, double[] w) {
        int kend = k + kb;
        for (int j = k; j < kend; j++) {
            double tj = Householder.generate(f, j * n + j, (j + 1) * n + j, n, m - j - 1);
            tau[j] = tj;
            int width = kend - j - 1;
            if (tj == 0 || width == 0) {
                continue;
            }
            // w = v^T P over the panel columns right of j, then P -= tau v w^T; v[0] = 1 is implicit.
            System.arraycopy(f, j * n + j + 1, w, 0, width);
            for (int i = j + 1; i < m; i++) {
                Vec.axpy(f[i * n + j], f, i * n + j + 1, w, 0, width);
            }
            Vec.axpy(-tj, w, 0, f, j * n + j + 1, width);
            for (int i = j + 1; i < m; i++) {
                Vec.axpy(-tj * f[i * n + j], w, 0, f, i * n + j + 1, width);
            }
        }
    }

    /** Forms the first qCols columns of Q = H_0 H_1 ... from a factored matrix. */
    static double[] formQ(double[] f, int m, int n, double[] tau, int qCols, int threads) {
        double[] q = new double[m * qCols];
        for (int i = 0; i < Math.min(m, qCols); i++) {
            q[i * qCols + i] = 1;
        }
        int kmax = tau.length;
        int nb = Math.min(BLOCK, Math.max(1, kmax));
        double[] vt = new double[nb * m];
        double[] vp = new double[m * nb];
        double[] t = new double[nb * nb];
        double[] w = new double[nb * Math.max(qCols, 1)];
        int last = kmax == 0 ? -1 : (kmax - 1) / BLOCK * BLOCK;
        for (int k = last; k >= 0; k -= BLOCK) {
            int kb = Math.min(BLOCK, kmax - k);
            Householder.packColumns(f, n, m, k, kb, vt, vp);
            Householder.buildT(vt, m - k, kb, tau, k, t);
            // Columns left of k are still e_j there, untouched by reflectors that start at row k.
            Householder.applyBlock(vt, vp, t, kb, m - k, q, k * qCols + k, qCols, qCols - k, w, false, threads);
        }
        return q;
    }

    /** B := Q^T B for the m x cols matrix b, with Q from a factored matrix; modifies b. */
    static void applyQTransposed(double[] f, int m, int n, double[] tau, double[] b, int cols, int threads) {
        int kmax = tau.length;
        int nb = Math.min(BLOCK, Math.max(1, kmax));
        double[] vt = new double[nb * m];
        double[] vp = new double[m * nb];
        double[] t = new double[nb * nb];
        double[] w = new double[nb * Math.max(cols, 1)];
        for (int k = 0; k < kmax; k += BLOCK) {
            int kb = Math.min(BLOCK, kmax - k);
            Householder.packColumns(f, n, m, k, kb, vt, vp);
            Householder.buildT(vt, m - k, kb, tau, k, t);
            Householder.applyBlock(vt, vp, t, kb, m - k, b, k * cols, cols, cols, w, true, threads);
        }
    }
}
