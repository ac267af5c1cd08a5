package bitnet.linalg;

/**
 * Level-1 kernels on contiguous stretches of {@code double[]}: dot, axpy, fused double axpy, scaling. Each call runs
 * the Vector API kernel of {@link VecVector} or the scalar reference beside it ({@code ...Scalar}), as
 * {@link Kernels} says; tests compare the two.
 */
final class Vec {
    private Vec() {
    }

    /** @return sum over t < len of x[xo + t] * y[yo + t] */
    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        return Kernels.vector() ? VecVector.dot(x, xo, y, yo, len) : dotScalar(x, xo, y, yo, len);
    }

    static double dotScalar(double[] x, int xo, double[] y, int yo, int len) {
        double sum = 0;
        for (int t = 0; t < len; t++) {
            sum += x[xo + t] * y[yo + t];
        }
        return sum;
    }

    /** y[yo + t] += alpha * x[xo + t] for t < len. */
    static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int len) {
        if (Kernels.vector()) {
            VecVector.axpy(alpha, x, xo, y, yo, len);
        } else {
            axpyScalar(alpha, x, xo, y, yo, len);
        }
    }

    static void axpyScalar(double alpha, double[] x, int xo, double[] y, int yo, int len) {
        for (int t = 0; t < len; t++) {
            y[yo + t] += alpha * x[xo + t];
        }
    }

    /** y[yo + t] += a1 * x1[o1 + t] + a2 * x2[o2 + t] for t < len: one pass of a symmetric rank-2 update. */
    static void axpy2(double a1, double[] x1, int o1, double a2, double[] x2, int o2, double[] y, int yo, int len) {
        if (Kernels.vector()) {
            VecVector.axpy2(a1, x1, o1, a2, x2, o2, y, yo, len);
        } else {
            axpy2Scalar(a1, x1, o1, a2, x2, o2, y, yo, len);
        }
    }

    static void axpy2Scalar(double a1, double[] x1, int o1, double a2, double[] x2, int o2, double[] y, int yo, int len) {
        for (int t = 0; t < len; t++) {
            y[yo + t] += a1 * x1[o1 + t] + a2 * x2[o2 + t];
        }
    }

    /** x[xo + t] *= alpha for t < len. */
    static void scale(double alpha, double[] x, int xo, int len) {
        for (int t = 0; t < len; t++) {
            x[xo + t] *= alpha;
        }
    }

    /**
     * x[xo + t] /= d for t < len, as a multiplication by 1 / d where that reciprocal is finite (|d| at least the
     * smallest normal double) and as divisions below, where 1 / d would overflow and turn a zero of x into NaN.
     */
    static void divide(double d, double[] x, int xo, int len) {
        if (Math.abs(d) >= Double.MIN_NORMAL) {
            scale(1 / d, x, xo, len);
            return;
        }
        for (int t = 0; t < len; t++) {
            x[xo + t] /= d;
        }
    }

    /**
     * Euclidean norm of x[xo + t * stride], t < len, without overflow or underflow for any finite input: the sum of
     * squares is taken of the elements divided by the largest magnitude.
     */
    static double norm(double[] x, int xo, int stride, int len) {
        double max = 0;
        for (int t = 0, p = xo; t < len; t++, p += stride) {
            max = Math.max(max, Math.abs(x[p]));
        }
        if (max == 0) {
            return 0;
        }
        double sum = 0;
        if (max > 1e-150 && max < 1e150) {
            for (int t = 0, p = xo; t < len; t++, p += stride) {
                sum += x[p] * x[p];
            }
            return Math.sqrt(sum);
        }
        // Scaled by the power of two that brings the largest to [1, 2), exactly; in two factors when that power is
        // beyond 2^1023 (a subnormal largest element, whose reciprocal 1 / max would be infinite).
        int k = -Scaling.binaryExponent(max);
        double f1 = k > Double.MAX_EXPONENT ? 0x1p1023 : 1;
        double f2 = Math.scalb(1.0, k > Double.MAX_EXPONENT ? k - Double.MAX_EXPONENT : k);
        for (int t = 0, p = xo; t < len; t++, p += stride) {
            double v = x[p] * f1 * f2;
            sum += v * v;
        }
        return Math.scalb(Math.sqrt(sum), -k);
    }
}
