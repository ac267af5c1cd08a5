package bitnet.backend.cpu;

/** Scalar functions the kernels share. */
final class ScalarMath {
    private static final double SQRT_HALF = Math.sqrt(0.5);

    private ScalarMath() {
    }

    /**
     * Complementary error function, Chebyshev fit (Numerical Recipes {@code erfcc}); fractional error below
     * 1.2e-7 everywhere. The SIMD backend evaluates the same polynomial, so the two differ only by rounding.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }

    /** GELU, exact form: {@code x * Phi(x) = 0.5 x erfc(-x / sqrt 2)}. */
    static double gelu(double x) {
        return 0.5 * x * erfc(-x * SQRT_HALF);
    }
}
