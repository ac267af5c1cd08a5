package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C[i][j] = sum_p A[i][p] * B[p][j]} for fewer rows than one {@link GemmKernel} tile (a matrix-vector
 * product, say), reading B in place: packing B would copy every element to use it fewer than
 * {@link GemmKernel#MR} times, and a padded tile would spend most of its FMAs on zeros.
 *
 * <p>Each row of C is computed in column strips of 4 vectors, then single vectors, then scalar columns, each
 * over the whole shared dimension in order of increasing {@code p}. Only {@code c} is written.
 */
final class GemmSmallRows {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final int L = S.length();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private GemmSmallRows() {
    }

    /**
     * Writes columns {@code [j0, j1)} of one row of C.
     *
     * @param a A, element {@code p} of the row at float index {@code aRow + p * aStep}
     * @param b B, element {@code (p, j)} at float index {@code bBase + p * bRowStride + j}
     * @param c C, element {@code j} of the row at float index {@code cRow + j}
     * @param k shared dimension, at least 1
     */
    static void row(MemorySegment a, long aRow, long aStep, MemorySegment b, long bBase, long bRowStride,
            MemorySegment c, long cRow, long k, long j0, long j1) {
        long rowBytes = bRowStride * Float.BYTES;
        long j = j0;
        for (; j + 4L * L <= j1; j += 4L * L) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            long at = (bBase + j) * Float.BYTES;
            long ap = aRow;
            for (long p = 0; p < k; p++, at += rowBytes, ap += aStep) {
                FloatVector x = FloatVector.broadcast(S, a.get(F, ap * Float.BYTES));
                s0 = x.fma(FloatVector.fromMemorySegment(S, b, at, NATIVE), s0);
                s1 = x.fma(FloatVector.fromMemorySegment(S, b, at + (long) L * Float.BYTES, NATIVE), s1);
                s2 = x.fma(FloatVector.fromMemorySegment(S, b, at + 2L * L * Float.BYTES, NATIVE), s2);
                s3 = x.fma(FloatVector.fromMemorySegment(S, b, at + 3L * L * Float.BYTES, NATIVE), s3);
            }
            long out = (cRow + j) * Float.BYTES;
            s0.intoMemorySegment(c, out, NATIVE);
            s1.intoMemorySegment(c, out + (long) L * Float.BYTES, NATIVE);
            s2.intoMemorySegment(c, out + 2L * L * Float.BYTES, NATIVE);
            s3.intoMemorySegment(c, out + 3L * L * Float.BYTES, NATIVE);
        }
        for (; j + L <= j1; j += L) {
            FloatVector s = FloatVector.zero(S);
            long at = (bBase + j) * Float.BYTES;
            long ap = aRow;
            for (long p = 0; p < k; p++, at += rowBytes, ap += aStep) {
                s = FloatVector.broadcast(S, a.get(F, ap * Float.BYTES))
                        .fma(FloatVector.fromMemorySegment(S, b, at, NATIVE), s);
            }
            s.intoMemorySegment(c, (cRow + j) * Float.BYTES, NATIVE);
        }
        for (; j < j1; j++) {
            float s = 0f;
            long at = (bBase + j) * Float.BYTES;
            long ap = aRow;
            for (long p = 0; p < k; p++, at += rowBytes, ap += aStep) {
                s = Math.fma(a.get(F, ap * Float.BYTES), b.get(F, at), s);
            }
            c.set(F, (cRow + j) * Float.BYTES, s);
        }
    }
}
