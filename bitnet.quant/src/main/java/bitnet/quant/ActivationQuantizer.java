package bitnet.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * BitNet b1.58 activation quantization, per token absmax to int8 (arXiv 2402.17764, after BitNet arXiv 2310.11453):
 * <pre>
 *   s   = 127 / max(max_i |x_i|, 1e-5)                  one scale per token (row)
 *   x_q = clamp(round(x * s), -128, 127)                round to nearest, ties to even
 * </pre>
 * Dequantization is {@code x' = x_q / s}. Because {@code |x * s| <= 127}, the result never reaches -128; the
 * clamp only guards rounding at the boundary.
 */
public final class ActivationQuantizer {
    /** Lower bound on the absmax, so an all-zero token gets a finite scale. */
    public static final float MIN_ABSMAX = 1e-5f;

    private ActivationQuantizer() {
    }

    /**
     * Quantizes {@code tokens} rows of {@code dim} values.
     *
     * @param x row-major activations {@code [tokens, dim]}; not changed
     * @param tokens row count
     * @param dim values per token
     * @param xq receives the int8 values, length at least {@code tokens * dim}
     * @param scales receives {@code s} per token, length at least {@code tokens}
     * @throws bitnet.api.quant.QuantizationException if the shape does not match, an output is too short or a
     *     value is not finite
     */
    public static void quantize(float[] x, int tokens, int dim, byte[] xq, float[] scales) {
        Checks.shape("activations", tokens, dim, x.length);
        Checks.room("quantized activations", (long) tokens * dim, xq.length);
        Checks.room("activation scales", tokens, scales.length);
        for (int t = 0; t < tokens; t++) {
            int from = t * dim;
            Checks.finite(x, from, from + dim);
            float s = scale(x, from, from + dim);
            scales[t] = s;
            for (int i = from; i < from + dim; i++) {
                xq[i] = (byte) Math.max(-128, Math.min(127, (int) Math.rint(x[i] * s)));
            }
        }
    }

    /**
     * As {@link #quantize(float[], int, int, byte[], float[])}, reading the activations from memory (the scalar path
     * has no vector loads to read them in place, so it copies them once).
     *
     * @param x holds {@code tokens * dim} floats in native order from byte {@code xByte}; not changed
     */
    public static void quantize(MemorySegment x, long xByte, int tokens, int dim, byte[] xq, float[] scales) {
        float[] values = x.asSlice(xByte, (long) tokens * dim * Float.BYTES)
                .toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
        quantize(values, tokens, dim, xq, scales);
    }

    /**
     * The static form: {@code x_q = clamp(round(x * s), -128, 127)} with one calibrated {@code s} per token.
     *
     * @param x {@code tokens * dim} values, finite
     * @param tokens rows
     * @param dim values per row
     * @param scales {@code s} per token, positive and finite
     * @param xq output, {@code tokens * dim}
     */
    public static void quantizeWith(float[] x, int tokens, int dim, float[] scales, byte[] xq) {
        Checks.shape("activations", tokens, dim, x.length);
        Checks.room("quantized activations", (long) tokens * dim, xq.length);
        Checks.room("activation scales", tokens, scales.length);
        for (int t = 0; t < tokens; t++) {
            int from = t * dim;
            Checks.finite(x, from, from + dim);
            float s = scales[t];
            Checks.positive("activation scale", s);
            for (int i = from; i < from + dim; i++) {
                xq[i] = (byte) Math.max(-128, Math.min(127, (int) Math.rint(x[i] * s)));
            }
        }
    }

    /**
     * @param x values
     * @param from first index
     * @param to end index, exclusive
     * @return {@code 127 / max(max|x[from, to)|, 1e-5)}
     */
    public static float scale(float[] x, int from, int to) {
        float max = 0f;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        return 127f / Math.max(max, MIN_ABSMAX);
    }

    /**
     * Dequantizes {@code out[t * dim + i] = xq[t * dim + i] / scales[t]}.
     *
     * @param xq int8 activations {@code [tokens, dim]}
     * @param scales {@code s} per token
     * @param tokens row count
     * @param dim values per token
     * @return a new float array
     */
    public static float[] dequantize(byte[] xq, float[] scales, int tokens, int dim) {
        Checks.room("quantized activations", (long) tokens * dim, xq.length);
        Checks.room("activation scales", tokens, scales.length);
        float[] out = new float[tokens * dim];
        for (int t = 0; t < tokens; t++) {
            for (int i = t * dim; i < (t + 1) * dim; i++) {
                out[i] = xq[i] / scales[t];
            }
        }
        return out;
    }
}
