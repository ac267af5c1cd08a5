package bitnet.linalg;

import bitnet.api.linalg.NoConvergenceException;

/**
 * Roots of the secular equation f(x) = 1/rho + sum_i z_i^2 / (d_i - x) = 0 of a rank-one modification
 * D + rho z z^T (LAPACK's {@code dlaed4}, in the "middle way" form of Ren-Cang Li): each root is found as an offset
 * from its nearer pole, so that the differences d_i - lambda_j the eigenvectors are built from keep full relative
 * accuracy.
 */
final class SecularEquation {
    private static final double EPS = Math.ulp(1.0) / 2;
    /** Rational steps converge quadratically; past this many, every other step bisects to guarantee progress. */
    private static final int RATIONAL_STEPS = 16;
    /**
     * Steps per root (LAPACK's {@code dlaed4} allows 30, without the bisection fallback), so a merge of order k makes
     * at most 400 k.
     */
    static final int MAX_STEPS = 400;

    private SecularEquation() {
    }

    /**
     * Finds root j (0-based, ascending) of the secular equation for k strictly increasing poles d[0..k-1], weights
     * z[0..k-1] with sum z_i^2 = 1 and rho > 0, so that d_j < lambda_j < d_{j+1} (d_{k-1} < lambda_{k-1} <= d_{k-1}
     * + rho). Writes delta[deltaAt + i * stride] = d_i - lambda_j for every i, computed from the nearer pole.
     *
     * @param dd scratch of length k
     * @return lambda_j
     * @throws NoConvergenceException if the iteration stalls (not seen in testing)
     */
    static double root(double[] d, double[] z, int k, double rho, int j, double[] delta, int deltaAt, int stride,
            double[] dd) {
        if (k == 1) {
            delta[deltaAt] = -rho * z[0] * z[0];
            return d[0] + rho * z[0] * z[0];
        }
        double rhoinv = 1 / rho;
        int origin;
        double lo;
        double hi;
        int left;
        if (j < k - 1) {
            double mid = (d[j + 1] - d[j]) / 2;
            double f = rhoinv;
            for (int i = 0; i < k; i++) {
                f += z[i] * z[i] / ((d[i] - d[j]) - mid);
            }
            if (f >= 0) {
                origin = j;
                lo = 0;
                hi = mid;
            } else {
                origin = j + 1;
                lo = -mid;
                hi = 0;
            }
            left = j;
        } else {
            origin = k - 1;
            lo = 0;
            hi = rho;
            left = k - 2;
        }
        double base = d[origin];
        for (int i = 0; i < k; i++) {
            dd[i] = d[i] - base;
        }
        double tau = (lo + hi) / 2;
        int maxSteps = IterationCaps.of(IterationCaps.Loop.SECULAR_EQUATION, MAX_STEPS);
        for (int step = 0; ; step++) {
            if (step == maxSteps) {
                throw new NoConvergenceException("divide and conquer: the secular equation of order " + k
                        + " did not converge in " + maxSteps + " iterations for root " + j);
            }
            double psi = 0;
            double dpsi = 0;
            double phi = 0;
            double dphi = 0;
            for (int i = 0; i <= left; i++) {
                double t = z[i] / (dd[i] - tau);
                psi += z[i] * t;
                dpsi += t * t;
            }
            for (int i = left + 1; i < k; i++) {
                double t = z[i] / (dd[i] - tau);
                phi += z[i] * t;
                dphi += t * t;
            }
            double f = rhoinv + psi + phi;
            double bound = 8 * (phi - psi) + 2 * rhoinv + 3 * Math.abs(tau) * (dpsi + dphi);
            if (Math.abs(f) <= EPS * bound) {
                break;
            }
            if (f < 0) {
                lo = tau;
            } else {
                hi = tau;
            }
            if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) {
                tau = f < 0 ? hi : lo;
                break;
            }
            double next = step < RATIONAL_STEPS || (step & 1) == 0
                    ? rationalStep(tau, dd[left] - tau, dd[left + 1] - tau, f, dpsi, dphi, lo, hi)
                    : Double.NaN;
            tau = next > lo && next < hi ? next : (lo + hi) / 2;
        }
        for (int i = 0, p = deltaAt; i < k; i++, p += stride) {
            delta[p] = dd[i] - tau;
        }
        return base + tau;
    }

    /**
     * One step of the two-pole model: psi ~ a + b / (da - eta) with the pole of the nearer left index, phi ~ c + s /
     * (db - eta) with the right one, both matching value and slope at tau; solves C eta^2 - A eta + B = 0 and returns
     * tau + eta for the root that lies in (lo, hi), or NaN when neither does.
     */
    private static double rationalStep(double tau, double da, double db, double f, double dpsi, double dphi,
            double lo, double hi) {
        double c = f - da * dpsi - db * dphi;
        double a = c * (da + db) + dpsi * da * da + dphi * db * db;
        double b = da * db * f;
        double e1;
        double e2;
        if (c == 0) {
            if (a == 0) {
                return Double.NaN;
            }
            e1 = b / a;
            e2 = e1;
        } else {
            double disc = Math.sqrt(Math.abs(a * a - 4 * b * c));
            double q = a >= 0 ? a + disc : a - disc;
            e1 = q / (2 * c);
            e2 = q == 0 ? e1 : 2 * b / q;
        }
        double t1 = tau + e1;
        double t2 = tau + e2;
        boolean in1 = t1 > lo && t1 < hi;
        boolean in2 = t2 > lo && t2 < hi;
        if (in1 && in2) {
            return Math.abs(e1) <= Math.abs(e2) ? t1 : t2;
        }
        return in1 ? t1 : in2 ? t2 : Double.NaN;
    }
}
