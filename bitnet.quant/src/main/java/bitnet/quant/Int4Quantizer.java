package bitnet.quant;

import bitnet.api.quant.QuantizationException;

/**
 * Group-wise symmetric int4:
 * <pre>
 *   scale_g = max(max_{i in g} |x_i|, 1e-8) / 7                 dynamic (from the data)
 *   q_i     = clamp(round(x_i / scale_g), -8, 7)                round to nearest, ties to even
 *   x'_i    = q_i * scale_g
 * </pre>
 * over groups of {@code groupSize} consecutive elements (the last may be shorter). Static mode passes calibrated
 * scales to {@link #quantize(float[], float[], int)}.
 */
public final class Int4Quantizer {
    private Int4Quantizer() {
    }

    /**
     * Dynamic mode: computes each group's scale from the data.
     *
     * @param x values; not changed
     * @param groupSize elements per scale, at least 1
     * @return packed codes and scales
     * @throws QuantizationException if {@code groupSize < 1} or a value is not finite
     */
    public static Int4Weights quantize(float[] x, int groupSize) {
        checkGroup(groupSize);
        Checks.finite(x, 0, x.length);
        float[] scales = new float[groups(x.length, groupSize)];
        for (int g = 0; g < scales.length; g++) {
            float max = 0f;
            for (int i = g * groupSize; i < Math.min(x.length, (g + 1) * groupSize); i++) {
                max = Math.max(max, Math.abs(x[i]));
            }
            scales[g] = Math.max(max, Int8Quantizer.MIN_RANGE) / 7f;
        }
        return quantize(x, scales, groupSize);
    }

    /**
     * Static mode: quantizes with given (calibrated) group scales.
     *
     * @param x values; not changed
     * @param scales one finite positive scale per group; kept (not copied) in the result
     * @param groupSize elements per scale, at least 1
     * @return packed codes and scales
     * @throws QuantizationException if the number of scales does not match, a scale is not positive or a value is
     *     not finite
     */
    public static Int4Weights quantize(float[] x, float[] scales, int groupSize) {
        checkGroup(groupSize);
        Checks.finite(x, 0, x.length);
        if (scales.length != groups(x.length, groupSize)) {
            throw new QuantizationException(x.length + " values in groups of " + groupSize + " need "
                    + groups(x.length, groupSize) + " scales, got " + scales.length);
        }
        for (float s : scales) {
            Checks.positive("int4 group scale", s);
        }
        byte[] packed = new byte[(x.length + 1) / 2];
        for (int i = 0; i < x.length; i++) {
            int q = (int) Math.max(-8, Math.min(7, Math.rint(x[i] / scales[i / groupSize])));
            packed[i >> 1] |= (byte) ((q & 0xF) << ((i & 1) * 4));
        }
        return new Int4Weights(packed, scales, x.length, groupSize);
    }

    /**
     * @param q packed int4 values
     * @return a new array {@code q_i * scale_g}
     */
    public static float[] dequantize(Int4Weights q) {
        float[] out = new float[q.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = q.code(i) * q.scales()[i / q.groupSize()];
        }
        return out;
    }

    private static int groups(int length, int groupSize) {
        return (length + groupSize - 1) / groupSize;
    }

    private static void checkGroup(int groupSize) {
        if (groupSize < 1) {
            throw new QuantizationException("int4 group size must be at least 1, got " + groupSize);
        }
    }
}
