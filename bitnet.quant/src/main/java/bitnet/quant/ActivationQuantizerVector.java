package bitnet.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

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
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

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
        quantize(MemorySegment.ofArray(x), 0, tokens, dim, xq, scales);
    }

    /**
     * As {@link #quantize(float[], int, int, byte[], float[])}, reading the activations where they are (pool
     * memory on the decode path), so they are not copied to the heap first.
     *
     * @param x holds {@code tokens * dim} floats in native order from byte {@code xByte}; not changed
     * @throws bitnet.api.quant.QuantizationException if an output is too short or a value is not finite
     * @throws IndexOutOfBoundsException if {@code x} is shorter than the rows
     */
    public static void quantize(MemorySegment x, long xByte, int tokens, int dim, byte[] xq, float[] scales) {
        Checks.room("quantized activations", (long) tokens * dim, xq.length);
        Checks.room("activation scales", tokens, scales.length);
        for (int t = 0; t < tokens; t++) {
            int from = t * dim;
            int to = from + dim;
            long row = xByte + (long) from * Float.BYTES;
            float max = absMax(x, row, dim);
            if (!Float.isFinite(max)) {
                // Copied only to name the value and its index within x, as the array form does.
                float[] values = x.asSlice(xByte, (long) to * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
                Checks.finite(values, from, to);
            }
            float s = 127f / Math.max(max, ActivationQuantizer.MIN_ABSMAX);
            scales[t] = s;
            int i = 0;
            int bound = F.loopBound(dim);
            for (; i < bound; i += F.length()) {
                FloatVector v = FloatVector.fromMemorySegment(F, x, row + (long) i * Float.BYTES, NATIVE).mul(s)
                        .add(ROUNDER).sub(ROUNDER).max(-128f).min(127f);
                ByteVector q = (ByteVector) v.convertShape(VectorOperators.F2B, B, 0);
                if (B.length() == F.length()) {
                    q.intoArray(xq, from + i);
                } else {
                    q.intoArray(xq, from + i, B.indexInRange(0, F.length()));
                }
            }
            for (; i < dim; i++) {
                float value = x.get(FLOAT, row + (long) i * Float.BYTES);
                xq[from + i] = (byte) Math.max(-128, Math.min(127, (int) Math.rint(value * s)));
            }
        }
    }

    private static float absMax(MemorySegment x, long row, int dim) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        int bound = F.loopBound(dim);
        for (; i < bound; i += F.length()) {
            acc = acc.max(FloatVector.fromMemorySegment(F, x, row + (long) i * Float.BYTES, NATIVE).abs());
        }
        float max = acc.reduceLanes(VectorOperators.MAX);
        for (; i < dim; i++) {
            max = Math.max(max, Math.abs(x.get(FLOAT, row + (long) i * Float.BYTES)));
        }
        return max;
    }
}
