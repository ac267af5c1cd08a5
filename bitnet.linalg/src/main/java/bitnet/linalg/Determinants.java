package bitnet.linalg;

/**
 * Determinant and signed log-determinant from LU with partial pivoting. When the elimination itself overflows (a
 * pivot comes out infinite), A is factored again scaled by the power of two 2^k that brings it to [1, 2)
 * ({@link Scaling}), and det(A) = 2^(-nk) det(2^k A): log|det| stays finite for every finite non-singular matrix.
 * A is not scaled up front: scaling down would flush the small end of a graded matrix (diag(2^700, 2^-600, ...)) to
 * zero.
 */
public final class Determinants {
    private static final double LN2 = Math.log(2);

    /** The LU factorisation of 2^k A. */
    private record Factored(LuResult f, int k) {
    }

    private Determinants() {
    }

    /**
     * @param a n x n row-major, not modified; the 0 x 0 matrix has determinant 1
     * @return det(A), 0 for a singular matrix; +-infinity when |det(A)| exceeds the double range and 0 when it falls
     *     below it, as NumPy's {@code det} reports them, never NaN (the product of the pivots carries its exponent
     *     apart, so no intermediate product overflows or underflows on the way)
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     * @throws bitnet.api.tensor.ShapeMismatchException if a is not n x n
     */
    public static double det(double[] a, int n, int threads) {
        Factored lu = factor(a, n, threads);
        LuResult f = lu.f();
        int k = lu.k();
        if (f.singular()) {
            return 0;
        }
        // mantissa * 2^exponent, the mantissa renormalised to [1, 2) after every factor.
        double mantissa = f.permutationSign();
        long exponent = -(long) n * k;
        for (int i = 0; i < n; i++) {
            mantissa *= f.lu()[i * n + i];
            int e = Math.getExponent(mantissa);
            if (e < Double.MIN_EXPONENT) {
                // A subnormal pivot: lift the product into the normal range before reading its exponent.
                mantissa *= 0x1p54;
                exponent -= 54;
                e = Math.getExponent(mantissa);
            }
            mantissa = Math.scalb(mantissa, -e);
            exponent += e;
        }
        return Math.scalb(mantissa, (int) Math.max(-4096, Math.min(4096, exponent)));
    }

    /**
     * @param a n x n row-major, not modified
     * @return sign and log|det| of A; (0, -infinity) for a singular matrix; log|det| is finite for every finite
     *     non-singular A, however far |det(A)| lies outside the double range
     * @throws bitnet.api.linalg.NonFiniteInputException if a holds NaN or an infinity
     * @throws bitnet.api.tensor.ShapeMismatchException if a is not n x n
     */
    public static SignedLogDet signedLog(double[] a, int n, int threads) {
        Factored lu = factor(a, n, threads);
        LuResult f = lu.f();
        int k = lu.k();
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
        return new SignedLogDet(sign, log - (double) n * k * LN2);
    }

    private static Factored factor(double[] a, int n, int threads) {
        Matrices.requireSquare(a, n, "a");
        double max = Matrices.requireFiniteMaxAbs(a, n, "a");
        LuResult f = Lu.factorChecked(a, n, threads);
        if (Lu.finitePivots(f)) {
            return new Factored(f, 0);
        }
        int k = Scaling.unitExponent(max);
        return new Factored(Lu.factorChecked(Scaling.scaledCopy(a, k), n, threads), k);
    }
}
