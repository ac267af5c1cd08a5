package bitnet.linalg;

/**
 * LAPACK's guard against overflow and underflow ({@code dgesvd}, {@code dgesdd}, {@code dsyevd}, {@code dgelsd}: the
 * matrix's largest magnitude from {@code dlange}, then {@code dlascl}): a matrix whose largest magnitude lies outside
 * [{@link #SMALL}, {@link #BIG}] is multiplied by a power of two that brings it just inside, the operation runs on
 * it, and the results are scaled back by the inverse power. Inside the range nothing is scaled, so results there are
 * bit for bit those of the unscaled code.
 *
 * <p>A power of two is exact (LAPACK's {@code dlascl} multiplies by a ratio instead): scaling up never rounds;
 * scaling down rounds only elements that fall below the normal range, which are more than 2^-1500 below the largest
 * and cannot change a singular value, eigenvalue or R at working precision. Scaling back rounds only where the true
 * result itself leaves the double range, which then comes out as infinity or zero, as LAPACK's does. Like LAPACK,
 * scaling goes only to the edge of the range, not to 1, so that graded matrices lose as little as possible.
 */
final class Scaling {
    /** {@code dlamch('S')}: the smallest normal double, whose reciprocal does not overflow. */
    static final double SAFE_MIN = Double.MIN_NORMAL;
    /** {@code dlamch('P')}: the relative spacing of doubles, 2^-52. */
    static final double PRECISION = Math.ulp(1.0);
    /**
     * {@code dgesvd}'s {@code smlnum} = sqrt(safe minimum) / precision, about 6.7e-139: for a matrix whose elements
     * lie within [SMALL, BIG] in magnitude, products of two elements and sums of such products (the dots of the
     * Householder updates, the shifts of the QR and QL iterations) neither overflow nor lose digits that matter to
     * underflow.
     */
    static final double SMALL = Math.sqrt(SAFE_MIN) / PRECISION;
    /** 1 / {@link #SMALL}, about 1.5e138. */
    static final double BIG = 1 / SMALL;

    private Scaling() {
    }

    /**
     * @param maxAbs the largest magnitude of a matrix (finite)
     * @return k such that 2^k maxAbs lies just inside [{@link #SMALL}, {@link #BIG}] (within a factor of 4 of the
     *     nearer end) when maxAbs lies outside; 0 when it lies inside or is zero
     */
    static int exponent(double maxAbs) {
        if (maxAbs == 0 || (maxAbs >= SMALL && maxAbs <= BIG)) {
            return 0;
        }
        int e = binaryExponent(maxAbs);
        return maxAbs > BIG ? Math.getExponent(BIG) - 1 - e : Math.getExponent(SMALL) + 1 - e;
    }

    /**
     * @param maxAbs the largest magnitude of a matrix (finite, not zero)
     * @return k such that 2^k maxAbs lies in [1, 2): the most headroom against overflow in both directions
     */
    static int unitExponent(double maxAbs) {
        return -binaryExponent(maxAbs);
    }

    /** floor(log2 |x|) for finite non-zero x, subnormals included. */
    static int binaryExponent(double x) {
        if (Math.abs(x) < Double.MIN_NORMAL) {
            // Math.getExponent reports every subnormal as MIN_EXPONENT - 1; lift it into the normal range first.
            return Math.getExponent(x * 0x1p54) - 54;
        }
        return Math.getExponent(x);
    }

    /** x[i] *= 2^k for every i, exactly unless an element leaves the normal range; nothing for k = 0. */
    static void scale(double[] x, int k) {
        if (k == 0 || x == null) {
            return;
        }
        if (k > Double.MAX_EXPONENT) {
            // 2^k itself is not a double (k <= 1074 for the smallest subnormal); scaling up in two steps is exact.
            multiply(x, Math.scalb(1.0, Double.MAX_EXPONENT));
            k -= Double.MAX_EXPONENT;
        }
        multiply(x, Math.scalb(1.0, k));
    }

    /** @return {@code a} itself for k = 0, else a copy scaled by 2^k */
    static double[] scaledCopy(double[] a, int k) {
        if (k == 0) {
            return a;
        }
        double[] c = a.clone();
        scale(c, k);
        return c;
    }

    private static void multiply(double[] x, double f) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= f;
        }
    }
}
