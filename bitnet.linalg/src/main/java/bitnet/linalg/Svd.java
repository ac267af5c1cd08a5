package bitnet.linalg;

import bitnet.api.linalg.SvdMode;

/**
 * Singular value decomposition: Householder bidiagonalisation, then implicit-shift QR on the bidiagonal
 * (Golub-Kahan; values only, and small matrices with vectors, U^T and V^T accumulated as rows so that rotations
 * stream contiguous memory) or, with vectors from {@link #DIVIDE_CONQUER_MIN} on, divide and conquer on the
 * bidiagonal's Golub-Kahan matrix ({@link GolubKahanDivideConquer}) and one back-transformation by each side's
 * reflectors. A wide matrix is decomposed through its transpose. A matrix of very large or very small magnitude is
 * scaled by a power of two first, as LAPACK's {@code dgesvd} scales it ({@link Scaling}).
 */
public final class Svd {
    /** Smallest min(m, n) whose singular vectors come from divide and conquer (not tuned by measurement). */
    static final int DIVIDE_CONQUER_MIN = TridiagonalDivideConquer.LEAF + 1;

    private Svd() {
    }

    /**
     * Decomposes A = U diag(s) V^T. Singular vectors are unique up to sign (and rotation within equal values).
     *
     * @param a m x n row-major, not modified
     * @throws bitnet.api.linalg.NoConvergenceException if the QR iteration does not converge
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     * @throws bitnet.api.tensor.ShapeMismatchException if a is not m x n
     */
    public static SvdResult decompose(double[] a, int m, int n, SvdMode mode) {
        return decompose(a, m, n, mode, 1);
    }

    /** As {@link #decompose(double[], int, int, SvdMode)}, with up to {@code threads} threads forming U and V. */
    public static SvdResult decompose(double[] a, int m, int n, SvdMode mode, int threads) {
        return decompose(a, m, n, mode, threads, DIVIDE_CONQUER_MIN, TridiagonalDivideConquer.LEAF);
    }

    /** As {@link #decompose(double[], int, int, SvdMode, int)}, with the switch-over orders chosen (for tests). */
    static SvdResult decompose(double[] a, int m, int n, SvdMode mode, int threads, int dcMin, int leaf) {
        Matrices.requireShape(a, m, n, "a");
        int k = Scaling.exponent(Matrices.requireFiniteMaxAbs(a, n, "a"));
        double[] w = m >= n ? a.clone() : Matrices.transpose(a, m, n);
        // Without this, products of two elements overflow in the bidiagonalisation at ~1e155 and the QR iteration's
        // tests underflow below ~1e-291 (it then runs forever or returns zeros); U and V do not depend on the scale.
        Scaling.scale(w, k);
        SvdResult r = m >= n ? tall(w, m, n, mode, false, threads, dcMin, leaf)
                : tall(w, n, m, mode, true, threads, dcMin, leaf);
        Scaling.scale(r.s(), -k);
        return r;
    }

    /** @return the min(m, n) singular values of a, descending */
    public static double[] values(double[] a, int m, int n) {
        return decompose(a, m, n, SvdMode.VALUES_ONLY).s();
    }

    // Decomposes the m x n (m >= n) matrix w in place; 'swapped' means w is the transpose of the caller's matrix.
    private static SvdResult tall(double[] w, int m, int n, SvdMode mode, boolean swapped, int threads, int dcMin,
            int leaf) {
        double[] d = new double[n];
        double[] e = new double[n];
        double[] tauq = new double[n];
        double[] taup = new double[n];
        Bidiagonal.reduce(w, m, n, d, e, tauq, taup);
        if (mode == SvdMode.VALUES_ONLY) {
            BidiagonalQr.solve(d, e, n, null, 0, null);
            return new SvdResult(d, null, 0, 0, null, 0, 0);
        }
        int uRows = mode == SvdMode.FULL ? m : n;
        if (n >= dcMin) {
            return divideAndConquer(w, m, n, d, e, tauq, taup, uRows, swapped, threads, leaf);
        }
        double[] ut = Matrices.transpose(Bidiagonal.formU(w, m, n, tauq, uRows, threads), m, uRows);
        double[] vt = Matrices.transpose(Bidiagonal.formV(w, n, taup, threads), n, n);
        BidiagonalQr.solve(d, e, n, ut, m, vt);
        if (!swapped) {
            return new SvdResult(d, Matrices.transpose(ut, uRows, m), m, uRows, vt, n, n);
        }
        // A^T = U' S V'^T, so A = V' S U'^T: the caller's U is V' and its V^T is U'^T.
        return new SvdResult(d, Matrices.transpose(vt, n, n), n, n, ut, uRows, m);
    }

    // U = U_b diag(U_B, I) and V = V_b V_B, applied by the reflectors without forming U_b or V_b.
    private static SvdResult divideAndConquer(double[] w, int m, int n, double[] d, double[] e, double[] tauq,
            double[] taup, int uRows, boolean swapped, int threads, int leaf) {
        double[] ub = new double[n * n];
        double[] v = new double[n * n];
        GolubKahanDivideConquer.solve(d, e, n, ub, v, leaf, threads);
        double[] u = new double[m * uRows];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ub, i * n, u, i * uRows, n);
        }
        for (int i = n; i < uRows; i++) {
            u[i * uRows + i] = 1;
        }
        Householder.applyColumns(w, m, n, tauq, u, uRows, threads);
        Householder.applyRows(w, n, taup, n - 1, v, n, threads);
        if (!swapped) {
            return new SvdResult(d, u, m, uRows, Matrices.transpose(v, n, n), n, n);
        }
        return new SvdResult(d, v, n, n, Matrices.transpose(u, m, uRows), uRows, m);
    }
}
