package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row kernels of {@link VectorLinear} and {@link VectorAttention}: F32 dot products of converted weight rows with
 * input rows, alone or in register tiles, all adding in one order (two accumulators over alternate vector blocks, a
 * {@link Lanes#sum}, then the tail one by one), so that an output does not depend on which kernel computed it.
 *
 * <p>No vector is passed to or returned from another method but {@link Lanes#sum}, which is small enough to be
 * inlined always: C2 boxes vectors whenever it declines to inline a helper ("callee is too large" once the helper
 * had been compiled on its own; 60 MB of garbage per attention call when this was written).
 */
final class WeightRows {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final int L = S.length();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private WeightRows() {
    }

    /**
     * @return how many leading elements of a row of {@code len} the vector loops of the dot products cover; the rest
     *         are added one by one
     */
    static int whole(int len) {
        return len - len % L;
    }

    /**
     * {@code sum_k w[wOff + k] x[xOff + k]} for {@code k < len}, in float, in the order every kernel here shares:
     * vector blocks of {@code L} up to {@code whole} alternate between two accumulators (even blocks, odd blocks),
     * whose sum is reduced across lanes, then the remaining elements are added one by one.
     *
     * @param whole elements covered by vector blocks, {@link #whole(int)}
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

    /** Elements converted at a time by {@link #dotStored}: a multiple of {@code 2 L} for every species, within L1. */
    static final int CHUNK = 256;

    /**
     * The same sum as {@link #dot(float[], int, float[], int, int, int)} of a stored weight row (any dtype
     * {@code converter} reads) with {@code x}, converting {@link #CHUNK} elements at a time into {@code buf} and
     * multiplying them while they are in L1: the row is read from memory once and never written back. Because
     * {@code CHUNK} is a multiple of {@code 2 L}, every vector block goes to the accumulator it goes to in
     * {@code dot}, so the result is bit-identical to converting the whole row first.
     *
     * @param from byte offset of the row in {@code w}
     * @param elementBytes bytes per stored element
     * @param buf scratch of at least {@code CHUNK + L} floats
     */
    static float dotStored(RowConverter converter, MemorySegment w, long from, int elementBytes, float[] x, int xOff,
            int len, int whole, float[] buf) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        int c = 0;
        for (; c + CHUNK <= whole; c += CHUNK) {
            converter.read(w, from + (long) c * elementBytes, CHUNK, buf, 0);
            for (int i = 0; i < CHUNK; i += 2 * L) {
                a0 = FloatVector.fromArray(S, buf, i).fma(FloatVector.fromArray(S, x, xOff + c + i), a0);
                a1 = FloatVector.fromArray(S, buf, i + L).fma(FloatVector.fromArray(S, x, xOff + c + i + L), a1);
            }
        }
        int rest = len - c;
        int restWhole = whole - c;
        converter.read(w, from + (long) c * elementBytes, rest, buf, 0);
        int i = 0;
        for (; i + 2 * L <= restWhole; i += 2 * L) {
            a0 = FloatVector.fromArray(S, buf, i).fma(FloatVector.fromArray(S, x, xOff + c + i), a0);
            a1 = FloatVector.fromArray(S, buf, i + L).fma(FloatVector.fromArray(S, x, xOff + c + i + L), a1);
        }
        if (i < restWhole) {
            a0 = FloatVector.fromArray(S, buf, i).fma(FloatVector.fromArray(S, x, xOff + c + i), a0);
            i += L;
        }
        float s = Lanes.sum(a0.add(a1));
        for (; i < rest; i++) {
            s = Math.fma(buf[i], x[xOff + c + i], s);
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
     * @param whole elements covered by vector blocks, {@link #whole(int)}
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
