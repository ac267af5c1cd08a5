package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The element order in which packed weights and caches are read without any cross-lane shuffle. A load of
 * {@code L} int lanes covers {@code k L} elements of a {@code 32/k}-bit type ({@code k = 2} for F16/BF16, 4 for
 * I8); splitting each lane by shifts gives {@code k} float vectors: phase {@code p} holds elements
 * {@code k j + p}, {@code j < L}. The F32 operand of a dot product (or an accumulator row) is stored in the same
 * order: within each block of {@code k L} elements, phase {@code p} at {@code p L + j}. Elements after the last
 * whole block keep their natural order. A dot product is the same sum in any order both sides share.
 */
final class PhaseOrder {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int L = SimdSpecies.FLOAT.length();

    private PhaseOrder() {
    }

    /** @return how many leading elements of a run of {@code len} lie in whole blocks of {@code k L} */
    static int blocked(int len, int k) {
        return len - len % (k * L);
    }

    /**
     * {@code dst[to + order(i)] = src[i]} for {@code i < len}.
     *
     * @param src F32 elements starting at byte {@code srcByte}
     * @param k elements per int lane of the other operand
     * @param dst receives {@code len} floats from {@code to}
     */
    static void gather(MemorySegment src, long srcByte, int len, int k, float[] dst, int to) {
        int whole = blocked(len, k);
        int block = k * L;
        for (int b = 0; b < whole; b += block) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < L; j++) {
                    dst[to + b + p * L + j] = src.get(F, srcByte + (long) (b + k * j + p) * Float.BYTES);
                }
            }
        }
        for (int i = whole; i < len; i++) {
            dst[to + i] = src.get(F, srcByte + (long) i * Float.BYTES);
        }
    }

    /**
     * {@code dst[i] = src[from + order(i)]} for {@code i < len}: the inverse of {@link #gather}.
     *
     * @param src {@code len} floats in phase order from {@code from}
     * @param k elements per int lane
     * @param dst F32 elements starting at byte {@code dstByte}
     */
    static void scatter(float[] src, int from, int len, int k, MemorySegment dst, long dstByte) {
        int whole = blocked(len, k);
        int block = k * L;
        for (int b = 0; b < whole; b += block) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < L; j++) {
                    dst.set(F, dstByte + (long) (b + k * j + p) * Float.BYTES, src[from + b + p * L + j]);
                }
            }
        }
        for (int i = whole; i < len; i++) {
            dst.set(F, dstByte + (long) i * Float.BYTES, src[from + i]);
        }
    }
}
