package bitnet.quant;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link ActivationQuantizer#quantize}: same formula, same results bit for bit.
 *
 * <p>Rounding to nearest even is done by adding and subtracting {@code 1.5 * 2^23}: float addition rounds to
 * nearest even, and the sum's unit in the last place is 1 for any {@code |v| <= 2^22}, which covers
 * {@code |x * s| <= 127}. The conversion to int then only truncates an integral value.
 */
public final class ActivationQuantizerVector {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Bytes of one float vector's lanes; the smallest shape is 64 bits, so 4-lane floats store under a mask. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.max(64, F.length() * 8)));
    private static final float ROUNDER = 12582912f;

    private ActivationQuantizerVector() {
    }

    /**
     * Quantizes {@code tokens} rows of {@code dim} values per token (see {@link ActivationQuantizer}).
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
            int to = from + dim;
            float max = absMax(x, from, to);
            if (!Float.isFinite(max)) {
                Checks.finite(x, from, to);
            }
            float s = 127f / Math.max(max, ActivationQuantizer.MIN_ABSMAX);
            scales[t] = s;
            int i = from;
            int bound = from + F.loopBound(dim);
            for (; i < bound; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, i).mul(s).add(ROUNDER).sub(ROUNDER)
                        .max(-128f).min(127f);
                ByteVector q = (ByteVector) v.convertShape(VectorOperators.F2B, B, 0);
                if (B.length() == F.length()) {
                    q.intoArray(xq, i);
                } else {
                    q.intoArray(xq, i, B.indexInRange(0, F.length()));
                }
            }
            for (; i < to; i++) {
                xq[i] = (byte) Math.max(-128, Math.min(127, (int) Math.rint(x[i] * s)));
            }
        }
    }

    private static float absMax(float[] x, int from, int to) {
        FloatVector acc = FloatVector.zero(F);
        int i = from;
        int bound = from + F.loopBound(to - from);
        for (; i < bound; i += F.length()) {
            acc = acc.max(FloatVector.fromArray(F, x, i).abs());
        }
        float max = acc.reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        return max;
    }
}
