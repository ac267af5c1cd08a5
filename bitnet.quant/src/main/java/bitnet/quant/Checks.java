package bitnet.quant;

import bitnet.api.quant.QuantizationException;

/** Argument checks shared by the quantizers; messages name the offending value so a caller can fix it. */
public final class Checks {
    private Checks() {
    }

    /**
     * @param what name used in the message
     * @param rows row count
     * @param cols column count
     * @param actual the array length found
     * @throws QuantizationException if a dimension is negative or {@code rows * cols != actual}
     */
    public static void shape(String what, int rows, int cols, int actual) {
        if (rows < 0 || cols < 0) {
            throw new QuantizationException(what + " dimensions must not be negative: " + rows + " x " + cols);
        }
        if ((long) rows * cols != actual) {
            throw new QuantizationException(what + " has " + actual + " elements but the shape " + rows + " x "
                    + cols + " needs " + (long) rows * cols);
        }
    }

    /**
     * @param what name used in the message
     * @param needed elements needed
     * @param actual elements present
     * @throws QuantizationException if {@code actual < needed}
     */
    public static void room(String what, long needed, int actual) {
        if (actual < needed) {
            throw new QuantizationException(what + " holds " + actual + " elements but " + needed + " are needed");
        }
    }

    /**
     * @param x values
     * @param from first index
     * @param to end index, exclusive
     * @throws QuantizationException naming the first NaN or infinite value
     */
    public static void finite(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(x[i])) {
                throw new QuantizationException("cannot quantize the non-finite value " + x[i] + " at index " + i);
            }
        }
    }

    /**
     * @param what name used in the message
     * @param scale a scale
     * @throws QuantizationException if {@code scale} is not finite and positive
     */
    public static void positive(String what, float scale) {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new QuantizationException(what + " must be finite and positive, got " + scale);
        }
    }
}
