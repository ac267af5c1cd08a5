package bitnet.quant;

/**
 * Per-tensor int8 quantization, symmetric and asymmetric, with static (calibrated) or dynamic parameters.
 * <pre>
 *   symmetric:  scale = max(|x|) / 127,                 zp = 0,  q = clamp(round(x / scale), -127, 127)
 *   asymmetric: scale = (max(x, 0) - min(x, 0)) / 255,  zp = clamp(round(-128 - min(x, 0) / scale), -128, 127)
 *               q = clamp(round(x / scale) + zp, -128, 127)
 *   both:       x' = (q - zp) * scale
 * </pre>
 * {@code round} is to nearest, ties to even. The range always contains 0 so that 0 is exact. A range of zero
 * width uses {@link #MIN_RANGE} instead. Static mode: get {@link Int8Params} once from
 * {@link #calibrateSymmetric} / {@link #calibrateAsymmetric} (or a {@link MinMaxObserver}) and pass them to every
 * {@link #quantize} call; dynamic mode: {@link #quantizeDynamic} calibrates on the data of each call.
 */
public final class Int8Quantizer {
    /** Smallest range used for calibration, so an all-zero tensor still gets a positive scale. */
    public static final float MIN_RANGE = 1e-8f;

    private Int8Quantizer() {
    }

    /**
     * @param min smallest value seen
     * @param max largest value seen
     * @return symmetric parameters covering {@code [-max(|min|, |max|), +max(|min|, |max|)]}
     */
    public static Int8Params calibrateSymmetric(float min, float max) {
        float absMax = Math.max(Math.abs(min), Math.abs(max));
        return new Int8Params(Math.max(absMax, MIN_RANGE) / 127f, 0, true);
    }

    /**
     * @param min smallest value seen
     * @param max largest value seen
     * @return asymmetric parameters covering {@code [min(min, 0), max(max, 0)]}
     */
    public static Int8Params calibrateAsymmetric(float min, float max) {
        float lo = Math.min(min, 0f);
        float hi = Math.max(max, 0f);
        float scale = Math.max(hi - lo, MIN_RANGE) / 255f;
        int zp = (int) Math.max(-128, Math.min(127, Math.rint(-128 - lo / scale)));
        return new Int8Params(scale, zp, false);
    }

    /**
     * Static quantization: {@code out[i] = clamp(round(x[i] / scale) + zp, p.minCode(), 127)}.
     *
     * @param x values; not changed
     * @param p parameters
     * @param out receives the codes, length at least {@code x.length}
     * @throws bitnet.api.quant.QuantizationException if a value is not finite or {@code out} is too short
     */
    public static void quantize(float[] x, Int8Params p, byte[] out) {
        Checks.finite(x, 0, x.length);
        Checks.room("int8 output", x.length, out.length);
        int lo = p.minCode();
        float scale = p.scale();
        int zp = p.zeroPoint();
        for (int i = 0; i < x.length; i++) {
            out[i] = (byte) Math.max(lo, Math.min(127, (int) Math.rint(x[i] / scale) + zp));
        }
    }

    /**
     * Dynamic quantization: calibrates on {@code x} itself, then quantizes.
     *
     * @param x values; not changed
     * @param symmetric symmetric or asymmetric parameters
     * @param out receives the codes
     * @return the parameters used, needed to dequantize
     */
    public static Int8Params quantizeDynamic(float[] x, boolean symmetric, byte[] out) {
        Checks.finite(x, 0, x.length);
        MinMaxObserver range = new MinMaxObserver();
        range.observe(x);
        Int8Params p = symmetric ? range.symmetric() : range.asymmetric();
        quantize(x, p, out);
        return p;
    }

    /**
     * @param q codes
     * @param p parameters they were quantized with
     * @return a new array {@code (q[i] - zp) * scale}
     */
    public static float[] dequantize(byte[] q, Int8Params p) {
        float[] out = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            out[i] = (q[i] - p.zeroPoint()) * p.scale();
        }
        return out;
    }
}
