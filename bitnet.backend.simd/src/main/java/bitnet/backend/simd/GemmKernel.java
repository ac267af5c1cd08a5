package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SGEMM micro-kernel: one 4 x (2 vectors) tile of {@code C} from packed panels,
 * {@code C[i][j] (+)= sum_p Ap[p * MR + i] * Bp[p * NR + j]} for {@code 0 <= p < kc}, in registers.
 *
 * <p>Why 4 x 2: measured on JDK 25 C2 (AMD Zen 5, AVX-512), this kernel shape keeps all 8 accumulators in
 * registers, while every larger shape tried (5x2, 6x2, 4x3, 3x4, 4x4) made C2 box one or more accumulators on
 * each step of the {@code p} loop (20 to 120 KB of garbage per tile, 3 to 6 times slower). Each B vector feeds
 * 4 FMAs and each broadcast of A feeds 2. The packed layouts are those of {@link GemmPack}.
 */
final class GemmKernel {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** Rows of the C tile. */
    static final int MR = 4;
    /** Columns of the C tile: 2 vectors. */
    static final int NR = 2 * L;

    private GemmKernel() {
    }

    /**
     * Computes the tile and writes its first {@code rows x cols} elements into {@code c}.
     *
     * @param ap packed A: {@code kc} groups of {@link #MR} floats from {@code aOff}
     * @param bp packed B: {@code kc} groups of {@link #NR} floats from {@code bOff}
     * @param kc length of the shared dimension, at least 1
     * @param c output memory; element (i, j) of the tile is float index {@code cOff + i * ldc + j}
     * @param rows valid rows, {@code 1..MR}
     * @param cols valid columns, {@code 1..NR}
     * @param accumulate add to {@code c} instead of overwriting it
     * @param edge scratch of at least {@code MR * NR} floats, used when the tile is partial
     */
    static void tile(float[] ap, int aOff, float[] bp, int bOff, int kc, MemorySegment c, long cOff, long ldc,
            int rows, int cols, boolean accumulate, float[] edge) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        int a = aOff;
        int b = bOff;
        for (int p = 0; p < kc; p++, a += MR, b += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, b);
            FloatVector b1 = FloatVector.fromArray(S, bp, b + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[a]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[a + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[a + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[a + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (rows == MR && cols == NR) {
            long row = cOff * Float.BYTES;
            long step = ldc * Float.BYTES;
            store(c, row, accumulate, c00, c01);
            row += step;
            store(c, row, accumulate, c10, c11);
            row += step;
            store(c, row, accumulate, c20, c21);
            row += step;
            store(c, row, accumulate, c30, c31);
            return;
        }
        c00.intoArray(edge, 0 * NR);
        c01.intoArray(edge, 0 * NR + L);
        c10.intoArray(edge, 1 * NR);
        c11.intoArray(edge, 1 * NR + L);
        c20.intoArray(edge, 2 * NR);
        c21.intoArray(edge, 2 * NR + L);
        c30.intoArray(edge, 3 * NR);
        c31.intoArray(edge, 3 * NR + L);
        for (int i = 0; i < rows; i++) {
            long row = (cOff + i * ldc) * Float.BYTES;
            for (int j = 0; j < cols; j++) {
                long at = row + (long) j * Float.BYTES;
                float v = edge[i * NR + j];
                c.set(F, at, accumulate ? c.get(F, at) + v : v);
            }
        }
    }

    private static void store(MemorySegment c, long at, boolean accumulate, FloatVector r0, FloatVector r1) {
        long hi = at + (long) L * Float.BYTES;
        FloatVector s0 = accumulate ? r0.add(FloatVector.fromMemorySegment(S, c, at, NATIVE)) : r0;
        FloatVector s1 = accumulate ? r1.add(FloatVector.fromMemorySegment(S, c, hi, NATIVE)) : r1;
        s0.intoMemorySegment(c, at, NATIVE);
        s1.intoMemorySegment(c, hi, NATIVE);
    }
}
