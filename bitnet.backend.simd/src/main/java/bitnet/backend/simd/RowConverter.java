package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import bitnet.api.tensor.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Converts runs of stored elements (F32, F16, BF16, I8) to F32 in natural order, exactly: every non-NaN value is
 * the one {@link Float#float16ToFloat(short)}, the BF16 shift or the integer gives; NaN stays NaN. One instance per
 * thread: it owns the staging arrays, sized once for the longest run.
 *
 * <p>F16 runs are copied into a Java array and converted by a plain loop that C2 compiles to the CPU's own
 * conversion instruction ({@code vcvtph2ps}): measured here at 0.04 ns per element, four times faster than emulating
 * F16 in integer lanes. I8 is widened in Vector API lanes, BF16 widened and shifted.
 */
final class RowConverter {
    private static final VectorSpecies<Short> SS = SimdSpecies.FLOAT.withLanes(short.class);
    private static final VectorSpecies<Byte> SB = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.max(64, SimdSpecies.FLOAT.length() * 8)));
    private static final int L = SimdSpecies.FLOAT.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final DType dtype;
    private final short[] halves;

    /**
     * @param dtype the stored type: F32, F16, BF16 or I8
     * @param longest the longest run {@link #read} will be given
     */
    RowConverter(DType dtype, int longest) {
        this.dtype = dtype;
        this.halves = dtype == DType.F16 ? new short[longest] : null;
    }

    /**
     * {@code out[off + i] = (float) src[i]} for {@code i < len}, {@code src} starting at byte {@code from}.
     *
     * @param src stored elements of this converter's dtype
     * @param out receives {@code len} floats
     */
    void read(MemorySegment src, long from, int len, float[] out, int off) {
        switch (dtype) {
            case F32 -> MemorySegment.copy(src, ValueLayout.JAVA_FLOAT_UNALIGNED, from, out, off, len);
            case F16 -> {
                MemorySegment.copy(src, S16, from, halves, 0, len);
                f16(halves, out, off, len);
            }
            case BF16 -> bf16(src, from, len, out, off);
            case I8 -> int8(src, from, len, out, off);
            default -> throw new UnsupportedOperationException("simd: cannot convert " + dtype);
        }
    }

    // Kept minimal so that C2's SuperWord turns it into vector conversions.
    private static void f16(short[] h, float[] out, int off, int len) {
        for (int i = 0; i < len; i++) {
            out[off + i] = Float.float16ToFloat(h[i]);
        }
    }

    // Widened in lanes (vpmovsxbd + vcvtdq2ps): the plain loop was not vectorised once inlined into the dot product
    // (the int8 LM head ran at 4 GB/s). A byte vector of at least 64 bits holds the L bytes of one float vector.
    private static void int8(MemorySegment src, long from, int len, float[] out, int off) {
        int j = 0;
        for (; j + SB.length() <= len; j += L) {
            ((FloatVector) ByteVector.fromMemorySegment(SB, src, from + j, NATIVE)
                    .convertShape(VectorOperators.B2F, SimdSpecies.FLOAT, 0)).intoArray(out, off + j);
        }
        for (; j < len; j++) {
            out[off + j] = src.get(ValueLayout.JAVA_BYTE, from + j);
        }
    }

    // A short vector of the float shape holds 2 L halves; widening each half to ints keeps the natural order.
    private static void bf16(MemorySegment src, long from, int len, float[] out, int off) {
        int bound = SS.loopBound(len);
        int j = 0;
        for (; j < bound; j += 2 * L) {
            ShortVector h = ShortVector.fromMemorySegment(SS, src, from + (long) j * 2, NATIVE);
            ((IntVector) h.convert(VectorOperators.S2I, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .intoArray(out, off + j);
            ((IntVector) h.convert(VectorOperators.S2I, 1)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .intoArray(out, off + j + L);
        }
        for (; j < len; j++) {
            out[off + j] = Float.intBitsToFloat(src.get(S16, from + (long) j * 2) << 16);
        }
    }
}
