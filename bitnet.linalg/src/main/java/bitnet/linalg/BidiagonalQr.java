package bitnet.linalg;

import bitnet.api.linalg.NoConvergenceException;

/**
 * Implicit-shift QR iteration on an upper bidiagonal matrix (Golub-Kahan, in the form of LINPACK's {@code dsvdc}
 * as JAMA carries it), with rotations logged and applied in batches to the rows of U^T and V^T.
 */
final class BidiagonalQr {
    /**
     * Passes of the main loop (QR sweeps, splits and deflations together) per singular value before the iteration
     * is declared stuck. A value takes about two sweeps and one deflation; LAPACK's {@code dbdsqr} allows 6 n
     * sweeps over the whole matrix.
     */
    static final int MAX_STEPS_PER_VALUE = 75;
    private static final double EPS = Math.ulp(1.0);
    private static final double TINY = Math.scalb(1.0, -966);

    private BidiagonalQr() {
    }

    /**
     * Diagonalises B = bidiag(s, e) (n values, e[k] couples k and k + 1): on return s holds the singular values,
     * non-negative and descending. ut (rows of length ulen) and vt (rows of length n) are rotated along when not
     * null.
     *
     * @throws NoConvergenceException if the loop makes more than {@link #MAX_STEPS_PER_VALUE} n passes
     */
    static void solve(double[] s, double[] e, int n, double[] ut, int ulen, double[] vt) {
        RotationLog uLog = ut == null ? null : new RotationLog(ut, ulen, ulen);
        RotationLog vLog = vt == null ? null : new RotationLog(vt, n, n);
        int p = n;
        int pp = p - 1;
        int steps = 0;
        // Every pass counts, not only the QR sweeps: a split that leaves the bidiagonal as it was (which only a NaN
        // could do) must end here too, not loop forever.
        int maxSteps = IterationCaps.of(IterationCaps.Loop.BIDIAGONAL_QR,
                (int) Math.min(Integer.MAX_VALUE, (long) MAX_STEPS_PER_VALUE * Math.max(1, n)));
        while (p > 0) {
            if (++steps > maxSteps) {
                throw new NoConvergenceException("SVD: the implicit-shift QR iteration on the bidiagonal of order "
                        + n + " did not converge in " + maxSteps + " iterations (" + p + " singular values left)");
            }
            int k;
            for (k = p - 2; k >= 0; k--) {
                if (Math.abs(e[k]) <= TINY + EPS * (Math.abs(s[k]) + Math.abs(s[k + 1]))) {
                    e[k] = 0;
                    break;
                }
            }
            int kase;
            if (k == p - 2) {
                kase = 4;
            } else {
                int ks;
                for (ks = p - 1; ks > k; ks--) {
                    double t = (ks != p ? Math.abs(e[ks]) : 0) + (ks != k + 1 ? Math.abs(e[ks - 1]) : 0);
                    if (Math.abs(s[ks]) <= TINY + EPS * t) {
                        s[ks] = 0;
                        break;
                    }
                }
                if (ks == k) {
                    kase = 3;
                } else if (ks == p - 1) {
                    kase = 1;
                } else {
                    kase = 2;
                    k = ks;
                }
            }
            k++;
            switch (kase) {
                case 1 -> {
                    double f = e[p - 2];
                    e[p - 2] = 0;
                    for (int j = p - 2; j >= k; j--) {
                        double t = FastMath.hypot(s[j], f);
                        double cs = t == 0 ? 1 : s[j] / t;
                        double sn = t == 0 ? 0 : f / t;
                        s[j] = t;
                        if (j != k) {
                            f = -sn * e[j - 1];
                            e[j - 1] = cs * e[j - 1];
                        }
                        if (vLog != null) {
                            vLog.rotate(j, p - 1, cs, sn);
                        }
                    }
                }
                case 2 -> {
                    double f = e[k - 1];
                    e[k - 1] = 0;
                    for (int j = k; j < p; j++) {
                        double t = FastMath.hypot(s[j], f);
                        double cs = t == 0 ? 1 : s[j] / t;
                        double sn = t == 0 ? 0 : f / t;
                        s[j] = t;
                        f = -sn * e[j];
                        e[j] = cs * e[j];
                        if (uLog != null) {
                            uLog.rotate(j, k - 1, cs, sn);
                        }
                    }
                }
                case 3 -> qrStep(s, e, k, p, uLog, vLog);
                default -> {
                    if (s[k] <= 0) {
                        s[k] = s[k] < 0 ? -s[k] : 0;
                        if (vLog != null) {
                            vLog.negate(k);
                        }
                    }
                    while (k < pp && s[k] < s[k + 1]) {
                        double t = s[k];
                        s[k] = s[k + 1];
                        s[k + 1] = t;
                        if (vLog != null) {
                            vLog.swap(k, k + 1);
                        }
                        if (uLog != null) {
                            uLog.swap(k, k + 1);
                        }
                        k++;
                    }
                    p--;
                }
            }
        }
        if (uLog != null) {
            uLog.flush();
        }
        if (vLog != null) {
            vLog.flush();
        }
    }

    private static void qrStep(double[] s, double[] e, int k, int p, RotationLog uLog, RotationLog vLog) {
        double scale = Math.max(Math.max(Math.max(Math.max(Math.abs(s[p - 1]), Math.abs(s[p - 2])),
                Math.abs(e[p - 2])), Math.abs(s[k])), Math.abs(e[k]));
        double sp = s[p - 1] / scale;
        double spm1 = s[p - 2] / scale;
        double epm1 = e[p - 2] / scale;
        double sk = s[k] / scale;
        double ek = e[k] / scale;
        double b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
        double c = (sp * epm1) * (sp * epm1);
        double shift = 0;
        if (b != 0 || c != 0) {
            shift = Math.sqrt(b * b + c);
            if (b < 0) {
                shift = -shift;
            }
            shift = c / (b + shift);
        }
        double f = (sk + sp) * (sk - sp) + shift;
        double g = sk * ek;
        for (int j = k; j < p - 1; j++) {
            // dlartg's convention for f = g = 0 (possible once products underflow): the identity, never 0 / 0.
            double t = FastMath.hypot(f, g);
            double cs = t == 0 ? 1 : f / t;
            double sn = t == 0 ? 0 : g / t;
            if (j != k) {
                e[j - 1] = t;
            }
            f = cs * s[j] + sn * e[j];
            e[j] = cs * e[j] - sn * s[j];
            g = sn * s[j + 1];
            s[j + 1] = cs * s[j + 1];
            if (vLog != null) {
                vLog.rotate(j, j + 1, cs, sn);
            }
            t = FastMath.hypot(f, g);
            cs = t == 0 ? 1 : f / t;
            sn = t == 0 ? 0 : g / t;
            s[j] = t;
            f = cs * e[j] + sn * s[j + 1];
            s[j + 1] = -sn * e[j] + cs * s[j + 1];
            g = sn * e[j + 1];
            e[j + 1] = cs * e[j + 1];
            if (uLog != null) {
                uLog.rotate(j, j + 1, cs, sn);
            }
        }
        e[p - 2] = f;
    }
}
