package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SGEMM micro-kernel: one 6 x (2 vectors) tile of {@code C} from packed panels,
 * {@code C[i][j] (+)= sum_p Ap[p * MR + i] * Bp[p * NR + j]} for {@code 0 <= p < kc}, in registers.
 *
 * <p>Why 6 x 2 and written out in one method: 12 accumulators, 2 B vectors and one broadcast fit the 32 AVX-512
 * registers with room to spare, each B vector feeds 6 FMAs and each broadcast 2. The stores are inline on
 * purpose: measured on JDK 25 C2, handing the accumulators to a store helper method made C2 box them inside the
 * {@code p} loop (about 40 KB of garbage per tile, 6 times slower) for every shape above 8 accumulators.
 * The packed layouts are those of {@link GemmPack}.
 */
final class GemmKernel {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** Rows of the C tile. */
    static final int MR = 6;
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
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
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
            FloatVector a4 = FloatVector.broadcast(S, ap[a + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[a + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        if (rows == MR && cols == NR) {
            long step = ldc * Float.BYTES;
            long hi = (long) L * Float.BYTES;
            long lo = cOff * Float.BYTES;
            (accumulate ? c00.add(FloatVector.fromMemorySegment(S, c, lo, NATIVE)) : c00)
                    .intoMemorySegment(c, lo, NATIVE);
            (accumulate ? c01.add(FloatVector.fromMemorySegment(S, c, lo + hi, NATIVE)) : c01)
                    .intoMemorySegment(c, lo + hi, NATIVE);
            lo += step;
            (accumulate ? c10.add(FloatVector.fromMemorySegment(S, c, lo, NATIVE)) : c10)
                    .intoMemorySegment(c, lo, NATIVE);
            (accumulate ? c11.add(FloatVector.fromMemorySegment(S, c, lo + hi, NATIVE)) : c11)
                    .intoMemorySegment(c, lo + hi, NATIVE);
            lo += step;
            (accumulate ? c20.add(FloatVector.fromMemorySegment(S, c, lo, NATIVE)) : c20)
                    .intoMemorySegment(c, lo, NATIVE);
            (accumulate ? c21.add(FloatVector.fromMemorySegment(S, c, lo + hi, NATIVE)) : c21)
                    .intoMemorySegment(c, lo + hi, NATIVE);
            lo += step;
            (accumulate ? c30.add(FloatVector.fromMemorySegment(S, c, lo, NATIVE)) : c30)
                    .intoMemorySegment(c, lo, NATIVE);
            (accumulate ? c31.add(FloatVector.fromMemorySegment(S, c, lo + hi, NATIVE)) : c31)
                    .intoMemorySegment(c, lo + hi, NATIVE);
            lo += step;
            (accumulate ? c40.add(FloatVector.fromMemorySegment(S, c, lo, NATIVE)) : c40)
                    .intoMemorySegment(c, lo, NATIVE);
            (accumulate ? c41.add(FloatVector.fromMemorySegment(S, c, lo + hi, NATIVE)) : c41)
                    .intoMemorySegment(c, lo + hi, NATIVE);
            lo += step;
            (accumulate ? c50.add(FloatVector.fromMemorySegment(S, c, lo, NATIVE)) : c50)
                    .intoMemorySegment(c, lo, NATIVE);
            (accumulate ? c51.add(FloatVector.fromMemorySegment(S, c, lo + hi, NATIVE)) : c51)
                    .intoMemorySegment(c, lo + hi, NATIVE);
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
        c40.intoArray(edge, 4 * NR);
        c41.intoArray(edge, 4 * NR + L);
        c50.intoArray(edge, 5 * NR);
        c51.intoArray(edge, 5 * NR + L);
        for (int i = 0; i < rows; i++) {
            long row = (cOff + i * ldc) * Float.BYTES;
            for (int j = 0; j < cols; j++) {
                long at = row + (long) j * Float.BYTES;
                float v = edge[i * NR + j];
                c.set(F, at, accumulate ? c.get(F, at) + v : v);
            }
        }
    }
}
