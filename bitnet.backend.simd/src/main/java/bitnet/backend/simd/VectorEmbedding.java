package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Embedding lookup {@code out[i, :] = table[ids[i], :]} converted to F32. Exact: F32 rows are copied, BF16 rows
 * shifted, F16 rows converted by {@link HalfLanes} (every non-NaN value bit-identical to
 * {@link Float#float16ToFloat(short)}; NaN stays NaN).
 */
final class VectorEmbedding {
    private static final VectorSpecies<Short> SS = SimdSpecies.FLOAT.withLanes(short.class);
    private static final VectorSpecies<Integer> IS = SimdSpecies.FLOAT.withLanes(int.class);
    private static final int L = SimdSpecies.FLOAT.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private VectorEmbedding() {
    }

    /**
     * @param table {@code [rows, width]}, F32, F16 or BF16, contiguous
     * @param ids I32 {@code [n]}, contiguous, each in {@code [0, rows)} (checked by the caller)
     * @param out F32 {@code [n, width]}, contiguous; every element is written
     */
    static void embedding(Tensor table, Tensor ids, Tensor out) {
        long width = table.dim(1);
        long n = ids.size();
        DType dtype = table.dtype();
        MemorySegment t = table.segment();
        MemorySegment is = ids.segment();
        MemorySegment os = out.segment();
        int elementBytes = (int) dtype.byteSize(1);
        for (long i = 0; i < n; i++) {
            long row = is.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, ids.offset() + i);
            long from = (table.offset() + row * width) * elementBytes;
            long to = (out.offset() + i * width) * Float.BYTES;
            switch (dtype) {
                case F32 -> MemorySegment.copy(t, from, os, to, width * Float.BYTES);
                case F16 -> f16Row(t, from, os, to, width);
                case BF16 -> bf16Row(t, from, os, to, width);
                default -> throw new UnsupportedOperationException("simd: no embedding kernel for " + dtype);
            }
        }
    }

    // A short vector of the float shape holds 2 L halves; widening each half to ints keeps the natural order.
    private static void f16Row(MemorySegment src, long from, MemorySegment dst, long to, long width) {
        long bound = SS.loopBound(width);
        long j = 0;
        for (; j < bound; j += 2L * L) {
            ShortVector h = ShortVector.fromMemorySegment(SS, src, from + j * 2, NATIVE);
            IntVector v0 = (IntVector) h.convert(VectorOperators.S2I, 0);
            IntVector v1 = (IntVector) h.convert(VectorOperators.S2I, 1);
            FloatVector m0 = v0.and(HalfLanes.LOW_MAGNITUDE).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats()
                    .mul(HalfLanes.REBIAS);
            m0.reinterpretAsInts().lanewise(VectorOperators.OR, HalfLanes.INF_EXPONENT,
                    m0.compare(VectorOperators.GE, HalfLanes.FROM_EXPONENT_31).cast(IS))
                    .or(v0.and(HalfLanes.LOW_SIGN).lanewise(VectorOperators.LSHL, 16))
                    .intoMemorySegment(dst, to + j * 4, NATIVE);
            FloatVector m1 = v1.and(HalfLanes.LOW_MAGNITUDE).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats()
                    .mul(HalfLanes.REBIAS);
            m1.reinterpretAsInts().lanewise(VectorOperators.OR, HalfLanes.INF_EXPONENT,
                    m1.compare(VectorOperators.GE, HalfLanes.FROM_EXPONENT_31).cast(IS))
                    .or(v1.and(HalfLanes.LOW_SIGN).lanewise(VectorOperators.LSHL, 16))
                    .intoMemorySegment(dst, to + (j + L) * 4, NATIVE);
        }
        for (; j < width; j++) {
            dst.set(F, to + j * 4, Float.float16ToFloat(src.get(S16, from + j * 2)));
        }
    }

    private static void bf16Row(MemorySegment src, long from, MemorySegment dst, long to, long width) {
        long bound = SS.loopBound(width);
        long j = 0;
        for (; j < bound; j += 2L * L) {
            ShortVector h = ShortVector.fromMemorySegment(SS, src, from + j * 2, NATIVE);
            ((IntVector) h.convert(VectorOperators.S2I, 0)).lanewise(VectorOperators.LSHL, 16)
                    .intoMemorySegment(dst, to + j * 4, NATIVE);
            ((IntVector) h.convert(VectorOperators.S2I, 1)).lanewise(VectorOperators.LSHL, 16)
                    .intoMemorySegment(dst, to + (j + L) * 4, NATIVE);
        }
        for (; j < width; j++) {
            dst.set(F, to + j * 4, Float.intBitsToFloat((src.get(S16, from + j * 2) & 0xFFFF) << 16));
        }
    }
}
