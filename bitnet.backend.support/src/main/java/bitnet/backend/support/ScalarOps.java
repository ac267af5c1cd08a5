package bitnet.backend.support;

import bitnet.api.ops.Op;

/**
 * The scalar definition of every element-wise operation, shared by backends: the CPU reference computes with
 * it, and vector kernels use it for their scalar tails. Arithmetic that NumPy does in float32 (add ... div,
 * remainder, comparisons) is done in float, so results are bit-identical to NumPy; transcendental functions are
 * evaluated in double and rounded once.
 */
public final class ScalarOps {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private ScalarOps() {
    }

    /**
     * Complementary error function, Chebyshev fit (Numerical Recipes {@code erfcc}); fractional error below
     * 1.2e-7 everywhere. The SIMD backend evaluates the same polynomial, so the two differ only by rounding.
     */
    public static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }

    /** GELU, exact form: {@code x * Phi(x) = 0.5 x erfc(-x / sqrt 2)}. */
    public static double gelu(double x) {
        return 0.5 * x * erfc(-x * SQRT_HALF);
    }

    /**
     * NumPy's float remainder ({@code npy_divmod}): fmod, then moved to the sign of the divisor; NaN for a zero
     * divisor; a zero result takes the divisor's sign.
     */
    public static float remainder(float x, float y) {
        float m = x % y;
        if (y == 0) {
            return Float.NaN;
        }
        if (m != 0) {
            if ((y < 0) != (m < 0)) {
                m += y;
            }
        } else {
            m = Math.copySign(0f, y);
        }
        return m;
    }

    /**
     * @param op a binary element-wise op or comparison
     * @param x left operand
     * @param y right operand
     * @return {@code x (op) y}; comparisons give 1 or 0
     * @throws UnsupportedOperationException for any other op
     */
    public static float binary(Op op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case REMAINDER -> remainder(x, y);
            case POW -> (float) Math.pow(x, y);
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
            case EQ -> x == y ? 1f : 0f;
            case NE -> x != y ? 1f : 0f;
            case LT -> x < y ? 1f : 0f;
            case LE -> x <= y ? 1f : 0f;
            case GT -> x > y ? 1f : 0f;
            case GE -> x >= y ? 1f : 0f;
            default -> throw new UnsupportedOperationException(op.id() + " is not a binary operation");
        };
    }

    /**
     * @param op a unary op or activation
     * @param x operand
     * @return {@code op(x)}
     * @throws UnsupportedOperationException for any other op
     */
    public static float unary(Op op, float x) {
        double d = x;
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQRT -> (float) Math.sqrt(d);
            case RSQRT -> (float) (1 / Math.sqrt(d));
            case EXP -> (float) Math.exp(d);
            case LOG -> (float) Math.log(d);
            // NaN propagates, and -0.0 maps to 0.0 as in NumPy's maximum(x, 0).
            case RELU -> x > 0 || Float.isNaN(x) ? x : 0f;
            case RELU2 -> x > 0 || Float.isNaN(x) ? (float) (d * d) : 0f;
            case GELU -> (float) gelu(d);
            case GELU_TANH -> (float) (0.5 * d * (1 + Math.tanh(SQRT_2_OVER_PI * (d + 0.044715 * d * d * d))));
            case SILU -> (float) (d / (1 + Math.exp(-d)));
            case SIGMOID -> (float) (1 / (1 + Math.exp(-d)));
            case TANH -> (float) Math.tanh(d);
            default -> throw new UnsupportedOperationException(op.id() + " is not a unary operation");
        };
    }
}
