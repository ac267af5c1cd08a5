package bitnet.linalg;

/**
 * Householder reflectors H = I - tau v v^T with v[0] = 1, generated as LAPACK's {@code dlarfg} does, and the
 * compact-WY form H_0 H_1 ... H_{kb-1} = I - V T V^T that lets a block of them be applied with GEMMs.
 */
final class Householder {
    private Householder() {
    }

    /**
     * Makes H with H [alpha; x] = [beta; 0] for alpha = {@code a[alphaAt]} and x = a[xAt + t * stride], t < len.
     * Writes beta to a[alphaAt] and v[1..] over x.
     *
     * @return tau (0 when x is already zero, then H = I)
     */
    static double generate(double[] a, int alphaAt, int xAt, int stride, int len) {
        double xnorm = Vec.norm(a, xAt, stride, len);
        if (xnorm == 0) {
            return 0;
        }
        double alpha = a[alphaAt];
        double beta = -Math.copySign(Math.hypot(alpha, xnorm), alpha);
        if (Math.abs(beta) < Scaling.SAFE_MIN) {
            return generateTiny(a, alphaAt, xAt, stride, len, beta);
        }
        double scale = 1 / (alpha - beta);
        for (int t = 0, p = xAt; t < len; t++, p += stride) {
            a[p] *= scale;
        }
        a[alphaAt] = beta;
        return (beta - alpha) / beta;
    }

    /**
     * {@link #generate} for a subnormal beta, where 1 / (alpha - beta) would overflow and v would come out infinite:
     * alpha and x are lifted first by the power of two that brings beta into {@link Scaling}'s safe range (exact), as
     * {@code dlarfg} lifts them by 1 / safe minimum. v and tau do not depend on the scale; beta is scaled back.
     */
    private static double generateTiny(double[] a, int alphaAt, int xAt, int stride, int len, double tinyBeta) {
        double lift = Math.scalb(1.0, Scaling.exponent(Math.abs(tinyBeta)));
        double alpha = a[alphaAt] * lift;
        for (int t = 0, p = xAt; t < len; t++, p += stride) {
            a[p] *= lift;
        }
        double beta = -Math.copySign(Math.hypot(alpha, Vec.norm(a, xAt, stride, len)), alpha);
        double scale = 1 / (alpha - beta);
        for (int t = 0, p = xAt; t < len; t++, p += stride) {
            a[p] *= scale;
        }
        a[alphaAt] = beta / lift;
        return (beta - alpha) / beta;
    }

    /**
     * Forms the kb x kb upper triangular T of the compact-WY form from V^T stored as kb rows of length {@code rows}
     * (row p zero before column p, one at column p). Writes t only.
     */
    static void buildT(double[] vt, int rows, int kb, double[] tau, int tauAt, double[] t) {
        for (int i = 0; i < kb; i++) {
            double ti = tau[tauAt + i];
            t[i * kb + i] = ti;
            for (int j = 0; j < i; j++) {
                t[j * kb + i] = ti == 0 ? 0 : -ti * Vec.dot(vt, j * rows + i, vt, i * rows + i, rows - i);
            }
            // T[0:i, i] = T[0:i, 0:i] * z, with z in that column; upper triangular so rows ascend safely.
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int p = j; p < i; p++) {
                    s += t[j * kb + p] * t[p * kb + i];
                }
                t[j * kb + i] = s;
            }
        }
    }

    /**
     * C := (I - V T V^T)^T C if {@code transposed}, else (I - V T V^T) C, for C of {@code rows} x {@code cols} at
     * c[co + r * ldc + j]. vt is V^T (kb x rows), vp is V (rows x kb), w is scratch of kb * cols.
     */
    static void applyBlock(double[] vt, double[] vp, double[] t, int kb, int rows, double[] c, int co, int ldc,
            int cols, double[] w, boolean transposed, int threads) {
        if (cols == 0) {
            return;
        }
        java.util.Arrays.fill(w, 0, kb * cols, 0.0);
        Gemm.multiplyAdd(kb, cols, rows, 1.0, vt, 0, rows, c, co, ldc, w, 0, cols, threads);
        if (transposed) {
            // W := T^T W; T^T is lower triangular, so rows are rewritten bottom-up from rows not yet rewritten.
            for (int i = kb - 1; i >= 0; i--) {
                Vec.scale(t[i * kb + i], w, i * cols, cols);
                for (int p = 0; p < i; p++) {
                    Vec.axpy(t[p * kb + i], w, p * cols, w, i * cols, cols);
                }
            }
        } else {
            for (int i = 0; i < kb; i++) {
                Vec.scale(t[i * kb + i], w, i * cols, cols);
                for (int p = i + 1; p < kb; p++) {
                    Vec.axpy(t[i * kb + p], w, p * cols, w, i * cols, cols);
                }
            }
        }
        Gemm.multiplyAdd(rows, cols, kb, -1.0, vp, 0, kb, w, 0, cols, c, co, ldc, threads);
    }

    /**
     * Copies the kb reflectors stored below the diagonal of columns k .. k+kb-1 of the row-major a (m x n, as
     * {@link Qr} leaves them) into V^T (vt, kb x rows) and V (vp, rows x kb), rows = m - k, with explicit unit
     * diagonal and zeros above.
     */
    static void packColumns(double[] a, int n, int m, int k, int kb, double[] vt, double[] vp) {
        int rows = m - k;
        for (int r = 0; r < rows; r++) {
            int ar = (k + r) * n + k;
            for (int p = 0; p < kb; p++) {
                double v = r < p ? 0 : r == p ? 1 : a[ar + p];
                vt[p * rows + r] = v;
                vp[r * kb + p] = v;
            }
        }
    }

    /**
     * Copies reflectors k .. k+kb-1 stored in rows (reflector j in row j of the n-column matrix a, from column
     * j + 1, as {@link Tridiagonal} and {@link Bidiagonal} leave them) into V^T (kb x rows) and V (rows x kb),
     * rows = n - k - 1, indexed from column k + 1, with explicit unit diagonal and zeros above.
     */
    static void packRows(double[] a, int n, int k, int kb, double[] vt, double[] vp) {
        int rows = n - k - 1;
        for (int p = 0; p < kb; p++) {
            int ar = (k + p) * n + k + 1;
            for (int r = 0; r < rows; r++) {
                double v = r < p ? 0 : r == p ? 1 : a[ar + r];
                vt[p * rows + r] = v;
                vp[r * kb + p] = v;
            }
        }
    }

    /**
     * Returns Q = H_0 H_1 ... H_{count-1} (n x n) for reflectors stored in rows as {@link #packRows} reads them,
     * H_j acting on indices j + 1 .. n - 1; accumulated backwards in blocks of {@link Qr#BLOCK} with GEMMs.
     */
    static double[] accumulateRows(double[] a, int n, double[] tau, int count, int threads) {
        double[] q = Matrices.identity(n);
        if (count <= 0) {
            return q;
        }
        int nb = Math.min(Qr.BLOCK, count);
        double[] vt = new double[nb * n];
        double[] vp = new double[n * nb];
        double[] t = new double[nb * nb];
        double[] w = new double[nb * n];
        for (int k = (count - 1) / Qr.BLOCK * Qr.BLOCK; k >= 0; k -= Qr.BLOCK) {
            int kb = Math.min(Qr.BLOCK, count - k);
            int rows = n - k - 1;
            packRows(a, n, k, kb, vt, vp);
            buildT(vt, rows, kb, tau, k, t);
            applyBlock(vt, vp, t, kb, rows, q, (k + 1) * n + k + 1, n, rows, w, false, threads);
        }
        return q;
    }

    /**
     * C := H_0 H_1 ... H_{count-1} C for reflectors stored in rows as {@link #packRows} reads them and C of n x cols
     * row-major (the product {@link #accumulateRows} forms, applied without forming it), in blocks of
     * {@link Qr#BLOCK} with GEMMs.
     */
    static void applyRows(double[] a, int n, double[] tau, int count, double[] c, int cols, int threads) {
        if (count <= 0 || cols == 0) {
            return;
        }
        int nb = Math.min(Qr.BLOCK, count);
        double[] vt = new double[nb * n];
        double[] vp = new double[n * nb];
        double[] t = new double[nb * nb];
        double[] w = new double[nb * cols];
        for (int k = (count - 1) / Qr.BLOCK * Qr.BLOCK; k >= 0; k -= Qr.BLOCK) {
            int kb = Math.min(Qr.BLOCK, count - k);
            int rows = n - k - 1;
            packRows(a, n, k, kb, vt, vp);
            buildT(vt, rows, kb, tau, k, t);
            applyBlock(vt, vp, t, kb, rows, c, (k + 1) * cols, cols, cols, w, false, threads);
        }
    }

    /**
     * C := H_0 H_1 ... H_{kmax-1} C for reflectors stored below the diagonal of the columns of the row-major m x n
     * matrix f (as {@link #packColumns} reads them, kmax = tau.length) and C of m x cols row-major: {@link Qr#formQ}
     * applied to a given matrix instead of the identity.
     */
    static void applyColumns(double[] f, int m, int n, double[] tau, double[] c, int cols, int threads) {
        int kmax = tau.length;
        if (kmax == 0 || cols == 0) {
            return;
        }
        int nb = Math.min(Qr.BLOCK, kmax);
        double[] vt = new double[nb * m];
        double[] vp = new double[m * nb];
        double[] t = new double[nb * nb];
        double[] w = new double[nb * cols];
        for (int k = (kmax - 1) / Qr.BLOCK * Qr.BLOCK; k >= 0; k -= Qr.BLOCK) {
            int kb = Math.min(Qr.BLOCK, kmax - k);
            packColumns(f, n, m, k, kb, vt, vp);
            buildT(vt, m - k, kb, tau, k, t);
            applyBlock(vt, vp, t, kb, m - k, c, k * cols, cols, cols, w, false, threads);
        }
    }
}
