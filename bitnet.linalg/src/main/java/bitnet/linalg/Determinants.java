package bitnet.linalg;

/** Determinant and signed log-determinant from LU with partial pivoting. */
public final class Determinants {
    private Determinants() {
    }

    /**
     * @param a n x n row-major, not modified; the 0 x 0 matrix has determinant 1
     * @return det(A), 0 for a singular matrix; may overflow to an infinity where {@link #signedLog} does not
     */
    public static double det(double[] a, int n, int threads) {
        LuResult f = Lu.factor(a, n, threads);
        if (f.singular()) {
            return 0;
        }
        double d = f.permutationSign();
        for (int i = 0; i < n; i++) {
            d *= f.lu()[i * n + i];
        }
        return d;
    }

    /** @return sign and log|det| of A; (0, -infinity) for a singular matrix */
    public static SignedLogDet signedLog(double[] a, int n, int threads) {
        LuResult f = Lu.factor(a, n, threads);
        if (f.singular()) {
            return new SignedLogDet(0, Double.NEGATIVE_INFINITY);
        }
        double sign = f.permutationSign();
        double log = 0;
        for (int i = 0; i < n; i++) {
            double u = f.lu()[i * n + i];
            if (u < 0) {
                sign = -sign;
            }
            log += Math.log(Math.abs(u));
        }
        return new SignedLogDet(sign, log);
    }
}
