package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import bitnet.api.tensor.DType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row kernels of {@link VectorLinear} and {@link VectorAttention}: dot products of one stored weight row (F32, F16,
 * BF16 or I8, converted in registers, exactly) with an F32 row in {@link PhaseOrder}, and F32 dot products of
 * converted rows, alone or in register tiles.
 *
 * <p>Every loop is written out per dtype, with few live vectors and no vector passed to or returned from another
 * method: C2 boxes such vectors whenever it declines to inline the helper ("callee is too large" once the helper
 * had been compiled on its own; 60 MB of garbage per attention call when this was written), and a loop with four
 * accumulators and four conversions per step boxed its vectors too (5x slower).
 */
final class WeightRows {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    /** {@code (127 - 15) << 23}: moves a binary16 exponent to the binary32 bias. */
    private static final int REBIAS = 112 << 23;
    private static final int IMPLICIT_ONE = 1 << 23;
    private static final float MIN_NORMAL = 0x1p-14f;

    private WeightRows() {
    }

    /** @return stored elements per 32-bit lane: the {@code k} of {@link PhaseOrder} */
    static int perInt(DType dtype) {
        return switch (dtype) {
            case F32 -> 1;
            case F16, BF16 -> 2;
            case I8 -> 4;
            default -> throw new UnsupportedOperationException("simd: no linear kernel for " + dtype);
        };
    }

    /**
     * @param w weight row of {@code len} elements from byte {@code wByte}
     * @param x {@code len} floats from {@code xOff}, in {@link PhaseOrder} for {@link #perInt(DType)}
     * @return {@code sum_k w[k] x[k]} in float
     */
    static float dot(DType dtype, MemorySegment w, long wByte, float[] x, int xOff, int len) {
        return switch (dtype) {
            case F32 -> dotF32(w, wByte, x, xOff, len);
            case F16 -> dotF16(w, wByte, x, xOff, len);
            case BF16 -> dotBf16(w, wByte, x, xOff, len);
            case I8 -> dotI8(w, wByte, x, xOff, len);
            default -> throw new UnsupportedOperationException("simd: no linear kernel for " + dtype);
        };
    }

    private static float dotF32(MemorySegment w, long wByte, float[] x, int xOff, int len) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= len; i += 2 * L) {
            a0 = FloatVector.fromMemorySegment(S, w, wByte + (long) i * 4, NATIVE)
                    .fma(FloatVector.fromArray(S, x, xOff + i), a0);
            a1 = FloatVector.fromMemorySegment(S, w, wByte + (long) (i + L) * 4, NATIVE)
                    .fma(FloatVector.fromArray(S, x, xOff + i + L), a1);
        }
        for (; i + L <= len; i += L) {
            a0 = FloatVector.fromMemorySegment(S, w, wByte + (long) i * 4, NATIVE)
                    .fma(FloatVector.fromArray(S, x, xOff + i), a0);
        }
        float s = Lanes.sum(a0.add(a1));
        for (; i < len; i++) {
            s = Math.fma(w.get(F, wByte + (long) i * 4), x[xOff + i], s);
        }
        return s;
    }

    // binary16 in integer lanes, exactly and without denormal floats (a denormal operand costs Zen 5 a microcode
    // assist: 1/8 subnormal weights halved the speed of a multiply-by-2^112 conversion). For m = h & 0x7FFF:
    // normal numbers are (m << 13) + (112 << 23), the exponent rebiased; subnormals (m < 0x400) take that plus
    // 2^23 (exponent 2^-14 with an implicit 1) minus 2^-14, an exact float subtraction; infinity and NaN
    // (m >= 0x7C00) get another 112 << 23, all-ones exponent with the mantissa kept; then the sign is ORed in.
    // The low halves of the lanes are the even elements, the high halves the odd ones (PhaseOrder, k = 2).
    private static float dotF16(MemorySegment w, long wByte, float[] x, int xOff, int len) {
        FloatVector even = FloatVector.zero(S);
        FloatVector odd = FloatVector.zero(S);
        int whole = PhaseOrder.blocked(len, 2);
        for (int i = 0; i < whole; i += 2 * L) {
            IntVector v = IntVector.fromMemorySegment(IS, w, wByte + (long) i * 2, NATIVE);
            IntVector m = v.and(0x7FFF);
            IntVector u = m.lanewise(VectorOperators.LSHL, 13).add(REBIAS);
            FloatVector sub = u.add(IMPLICIT_ONE).reinterpretAsFloats().sub(MIN_NORMAL);
            u = u.blend(sub.reinterpretAsInts(), m.compare(VectorOperators.LT, 0x400));
            u = u.lanewise(VectorOperators.ADD, REBIAS, m.compare(VectorOperators.GE, 0x7C00));
            FloatVector lo = u.or(v.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            m = v.lanewise(VectorOperators.LSHR, 16).and(0x7FFF);
            u = m.lanewise(VectorOperators.LSHL, 13).add(REBIAS);
            sub = u.add(IMPLICIT_ONE).reinterpretAsFloats().sub(MIN_NORMAL);
            u = u.blend(sub.reinterpretAsInts(), m.compare(VectorOperators.LT, 0x400));
            u = u.lanewise(VectorOperators.ADD, REBIAS, m.compare(VectorOperators.GE, 0x7C00));
            FloatVector hi = u.or(v.and(0x8000_0000)).reinterpretAsFloats();
            even = lo.fma(FloatVector.fromArray(S, x, xOff + i), even);
            odd = hi.fma(FloatVector.fromArray(S, x, xOff + i + L), odd);
        }
        float s = Lanes.sum(even.add(odd));
        for (int i = whole; i < len; i++) {
            s = Math.fma(Float.float16ToFloat(w.get(S16, wByte + (long) i * 2)), x[xOff + i], s);
        }
        return s;
    }

    private static float dotBf16(MemorySegment w, long wByte, float[] x, int xOff, int len) {
        FloatVector even = FloatVector.zero(S);
        FloatVector odd = FloatVector.zero(S);
        int whole = PhaseOrder.blocked(len, 2);
        for (int i = 0; i < whole; i += 2 * L) {
            IntVector v = IntVector.fromMemorySegment(IS, w, wByte + (long) i * 2, NATIVE);
            even = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .fma(FloatVector.fromArray(S, x, xOff + i), even);
            odd = v.and(0xFFFF_0000).reinterpretAsFloats().fma(FloatVector.fromArray(S, x, xOff + i + L), odd);
        }
        float s = Lanes.sum(even.add(odd));
        for (int i = whole; i < len; i++) {
            s = Math.fma(bf16(w.get(S16, wByte + (long) i * 2)), x[xOff + i], s);
        }
        return s;
    }

    private static float dotI8(MemorySegment w, long wByte, float[] x, int xOff, int len) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        int whole = PhaseOrder.blocked(len, 4);
        for (int i = 0; i < whole; i += 4 * L) {
            IntVector v = IntVector.fromMemorySegment(IS, w, wByte + i, NATIVE);
            // Byte p of each lane, sign-extended: shift it to the top, then arithmetically back down.
            FloatVector b0 = (FloatVector) v.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 24)
                    .convert(VectorOperators.I2F, 0);
            FloatVector b1 = (FloatVector) v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 24)
                    .convert(VectorOperators.I2F, 0);
            FloatVector b2 = (FloatVector) v.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 24)
                    .convert(VectorOperators.I2F, 0);
            FloatVector b3 = (FloatVector) v.lanewise(VectorOperators.ASHR, 24).convert(VectorOperators.I2F, 0);
            a0 = b0.fma(FloatVector.fromArray(S, x, xOff + i), a0);
            a1 = b1.fma(FloatVector.fromArray(S, x, xOff + i + L), a1);
            a0 = b2.fma(FloatVector.fromArray(S, x, xOff + i + 2 * L), a0);
            a1 = b3.fma(FloatVector.fromArray(S, x, xOff + i + 3 * L), a1);
        }
        float s = Lanes.sum(a0.add(a1));
        for (int i = whole; i < len; i++) {
            s = Math.fma(w.get(ValueLayout.JAVA_BYTE, wByte + i), x[xOff + i], s);
        }
        return s;
    }

    private static float bf16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * @return how many leading elements of a row of {@code len} the vector loops of the dot products cover for
     *         {@code k} elements per int lane; the rest are added one by one in natural order
     */
    static int whole(int len, int k) {
        return k == 1 ? len - len % L : PhaseOrder.blocked(len, k);
    }

    /**
     * Writes a stored weight row converted to F32 in {@link PhaseOrder} for {@link #perInt(DType)}, with the same
     * conversions as {@link #dot(DType, MemorySegment, long, float[], int, int)}: a dot product of the converted
     * row by {@link #dot(float[], int, float[], int, int, int)} or a tile is bit-identical to that one.
     *
     * @param out receives {@code len} floats from {@code off}
     */
    static void convert(DType dtype, MemorySegment w, long wByte, int len, float[] out, int off) {
        switch (dtype) {
            case F32 -> MemorySegment.copy(w, F, wByte, out, off, len);
            case F16 -> convertF16(w, wByte, len, out, off);
            case BF16 -> convertBf16(w, wByte, len, out, off);
            case I8 -> convertI8(w, wByte, len, out, off);
            default -> throw new UnsupportedOperationException("simd: no linear kernel for " + dtype);
        }
    }

    private static void convertF16(MemorySegment w, long wByte, int len, float[] out, int off) {
        int whole = PhaseOrder.blocked(len, 2);
        for (int i = 0; i < whole; i += 2 * L) {
            IntVector v = IntVector.fromMemorySegment(IS, w, wByte + (long) i * 2, NATIVE);
            IntVector m = v.and(0x7FFF);
            IntVector u = m.lanewise(VectorOperators.LSHL, 13).add(REBIAS);
            FloatVector sub = u.add(IMPLICIT_ONE).reinterpretAsFloats().sub(MIN_NORMAL);
            u = u.blend(sub.reinterpretAsInts(), m.compare(VectorOperators.LT, 0x400));
            u = u.lanewise(VectorOperators.ADD, REBIAS, m.compare(VectorOperators.GE, 0x7C00));
            u.or(v.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats().intoArray(out, off + i);
            m = v.lanewise(VectorOperators.LSHR, 16).and(0x7FFF);
            u = m.lanewise(VectorOperators.LSHL, 13).add(REBIAS);
            sub = u.add(IMPLICIT_ONE).reinterpretAsFloats().sub(MIN_NORMAL);
            u = u.blend(sub.reinterpretAsInts(), m.compare(VectorOperators.LT, 0x400));
            u = u.lanewise(VectorOperators.ADD, REBIAS, m.compare(VectorOperators.GE, 0x7C00));
            u.or(v.and(0x8000_0000)).reinterpretAsFloats().intoArray(out, off + i + L);
        }
        for (int i = whole; i < len; i++) {
            out[off + i] = Float.float16ToFloat(w.get(S16, wByte + (long) i * 2));
        }
    }

    private static void convertBf16(MemorySegment w, long wByte, int len, float[] out, int off) {
        int whole = PhaseOrder.blocked(len, 2);
        for (int i = 0; i < whole; i += 2 * L) {
            IntVector v = IntVector.fromMemorySegment(IS, w, wByte + (long) i * 2, NATIVE);
            v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, off + i);
            v.and(0xFFFF_0000).reinterpretAsFloats().intoArray(out, off + i + L);
        }
        for (int i = whole; i < len; i++) {
            out[off + i] = bf16(w.get(S16, wByte + (long) i * 2));
        }
    }

    private static void convertI8(MemorySegment w, long wByte, int len, float[] out, int off) {
        int whole = PhaseOrder.blocked(len, 4);
        for (int i = 0; i < whole; i += 4 * L) {
            IntVector v = IntVector.fromMemorySegment(IS, w, wByte + i, NATIVE);
            ((FloatVector) v.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 24)
                    .convert(VectorOperators.I2F, 0)).intoArray(out, off + i);
            ((FloatVector) v.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 24)
                    .convert(VectorOperators.I2F, 0)).intoArray(out, off + i + L);
            ((FloatVector) v.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 24)
                    .convert(VectorOperators.I2F, 0)).intoArray(out, off + i + 2 * L);
            ((FloatVector) v.lanewise(VectorOperators.ASHR, 24).convert(VectorOperators.I2F, 0))
                    .intoArray(out, off + i + 3 * L);
        }
        for (int i = whole; i < len; i++) {
            out[off + i] = w.get(ValueLayout.JAVA_BYTE, wByte + i);
        }
    }

    /**
     * {@code sum_k w[wOff + k] x[xOff + k]} for {@code k < len}, in float, in the order every kernel here shares:
     * vector blocks of {@code L} up to {@code whole} alternate between two accumulators (even blocks, odd blocks),
     * whose sum is reduced across lanes, then the remaining elements are added one by one.
     *
     * @param whole elements covered by vector blocks, {@link #whole(int, int)}
     */
    static float dot(float[] w, int wOff, float[] x, int xOff, int len, int whole) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= whole; i += 2 * L) {
            a0 = FloatVector.fromArray(S, w, wOff + i).fma(FloatVector.fromArray(S, x, xOff + i), a0);
            a1 = FloatVector.fromArray(S, w, wOff + i + L).fma(FloatVector.fromArray(S, x, xOff + i + L), a1);
        }
        if (i < whole) {
            a0 = FloatVector.fromArray(S, w, wOff + i).fma(FloatVector.fromArray(S, x, xOff + i), a0);
            i += L;
        }
        float s = Lanes.sum(a0.add(a1));
        for (; i < len; i++) {
            s = Math.fma(w[wOff + i], x[xOff + i], s);
        }
        return s;
    }

    /**
     * Four dot products, each exactly as {@link #dot(float[], int, float[], int, int, int)} computes it: two
     * converted weight rows (the second {@code len} floats after the first) with two consecutive input rows, each
     * times its weight row's scale; result {@code (t, r)} goes to {@code oByte + t * oStride + r * 4}. Each loaded
     * vector feeds two FMAs, with eight accumulators live (within AVX2's sixteen registers).
     *
     * @param w the first weight row, {@code len} floats from {@code wOff}
     * @param x input rows of {@code len} floats, the first from {@code xOff}
     * @param whole elements covered by vector blocks, {@link #whole(int, int)}
     */
    static void tile2x2(float[] w, int wOff, float[] x, int xOff, int len, int whole, float scale0, float scale1,
            MemorySegment o, long oByte, long oStride) {
        FloatVector e00 = FloatVector.zero(S);
        FloatVector e01 = FloatVector.zero(S);
        FloatVector e10 = FloatVector.zero(S);
        FloatVector e11 = FloatVector.zero(S);
        FloatVector d00 = FloatVector.zero(S);
        FloatVector d01 = FloatVector.zero(S);
        FloatVector d10 = FloatVector.zero(S);
        FloatVector d11 = FloatVector.zero(S);
        int w1 = wOff + len;
        int x1 = xOff + len;
        int i = 0;
        for (; i + 2 * L <= whole; i += 2 * L) {
            FloatVector v0 = FloatVector.fromArray(S, w, wOff + i);
            FloatVector v1 = FloatVector.fromArray(S, w, w1 + i);
            FloatVector x0v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector x1v = FloatVector.fromArray(S, x, x1 + i);
            e00 = v0.fma(x0v, e00);
            e01 = v1.fma(x0v, e01);
            e10 = v0.fma(x1v, e10);
            e11 = v1.fma(x1v, e11);
            v0 = FloatVector.fromArray(S, w, wOff + i + L);
            v1 = FloatVector.fromArray(S, w, w1 + i + L);
            x0v = FloatVector.fromArray(S, x, xOff + i + L);
            x1v = FloatVector.fromArray(S, x, x1 + i + L);
            d00 = v0.fma(x0v, d00);
            d01 = v1.fma(x0v, d01);
            d10 = v0.fma(x1v, d10);
            d11 = v1.fma(x1v, d11);
        }
        if (i < whole) {
            FloatVector v0 = FloatVector.fromArray(S, w, wOff + i);
            FloatVector v1 = FloatVector.fromArray(S, w, w1 + i);
            FloatVector x0v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector x1v = FloatVector.fromArray(S, x, x1 + i);
            e00 = v0.fma(x0v, e00);
            e01 = v1.fma(x0v, e01);
            e10 = v0.fma(x1v, e10);
            e11 = v1.fma(x1v, e11);
            i += L;
        }
        float s00 = Lanes.sum(e00.add(d00));
        float s01 = Lanes.sum(e01.add(d01));
        float s10 = Lanes.sum(e10.add(d10));
        float s11 = Lanes.sum(e11.add(d11));
        for (; i < len; i++) {
            float u0 = w[wOff + i];
            float u1 = w[w1 + i];
            s00 = Math.fma(u0, x[xOff + i], s00);
            s01 = Math.fma(u1, x[xOff + i], s01);
            s10 = Math.fma(u0, x[x1 + i], s10);
            s11 = Math.fma(u1, x[x1 + i], s11);
        }
        o.set(F, oByte, s00 * scale0);
        o.set(F, oByte + 4, s01 * scale1);
        o.set(F, oByte + oStride, s10 * scale0);
        o.set(F, oByte + oStride + 4, s11 * scale1);
    }
}
