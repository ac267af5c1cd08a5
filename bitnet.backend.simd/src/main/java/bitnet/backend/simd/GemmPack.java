package bitnet.backend.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Copies blocks of the SGEMM operands into the contiguous panels {@link GemmKernel} reads, so the kernel's loads
 * are sequential whatever the operands' strides.
 *
 * <p>Packed A: row slices of {@link GemmKernel#MR}; slice {@code s} starts at {@code s * MR * kc} and holds
 * element {@code (i, p)} at {@code + p * MR + i}. Packed B: column slices of {@link GemmKernel#NR}; slice
 * {@code s} starts at {@code s * NR * kc} and holds element {@code (p, j)} at {@code + p * NR + j}. Rows or
 * columns past the block's edge are written as zeros, so a partial tile is computed like a full one.
 */
final class GemmPack {
    private static final VectorSpecies<Float> S = SimdSpecies.FLOAT;
    private static final int L = S.length();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final int MR = GemmKernel.MR;
    private static final int NR = GemmKernel.NR;

    private GemmPack() {
    }

    /**
     * Packs the {@code mc x kc} block of A whose element {@code (i, p)} is float index
     * {@code base + i * rowStride + p * colStride} of {@code a}.
     *
     * @param dst receives {@code ceil(mc / MR) * MR * kc} floats from index 0
     */
    static void packA(MemorySegment a, long base, long rowStride, long colStride, int mc, int kc, float[] dst) {
        for (int s = 0; s * MR < mc; s++) {
            int rows = Math.min(MR, mc - s * MR);
            int d = s * MR * kc;
            long slice = base + (long) s * MR * rowStride;
            // Walk the operand along its smaller stride: a row-major A is read row by row, a transposed one
            // column by column, both sequentially.
            if (Math.abs(colStride) <= Math.abs(rowStride)) {
                for (int i = 0; i < rows; i++) {
                    long at = (slice + i * rowStride) * Float.BYTES;
                    long step = colStride * Float.BYTES;
                    for (int p = 0, o = d + i; p < kc; p++, o += MR, at += step) {
                        dst[o] = a.get(F, at);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    long at = (slice + p * colStride) * Float.BYTES;
                    long step = rowStride * Float.BYTES;
                    for (int i = 0, o = d + p * MR; i < rows; i++, o++, at += step) {
                        dst[o] = a.get(F, at);
                    }
                }
            }
            for (int i = rows; i < MR; i++) {
                for (int p = 0, o = d + i; p < kc; p++, o += MR) {
                    dst[o] = 0f;
                }
            }
        }
    }

    /**
     * Packs the {@code kc x nc} block of B whose element {@code (p, j)} is float index
     * {@code base + p * rowStride + j} of {@code b} (unit stride along a row).
     *
     * @param dst receives {@code ceil(nc / NR) * NR * kc} floats from index 0
     */
    static void packB(MemorySegment b, long base, long rowStride, int kc, int nc, float[] dst) {
        for (int s = 0; s * NR < nc; s++) {
            int cols = Math.min(NR, nc - s * NR);
            int d = s * NR * kc;
            long slice = base + (long) s * NR;
            if (cols == NR) {
                for (int p = 0; p < kc; p++) {
                    long at = (slice + p * rowStride) * Float.BYTES;
                    int o = d + p * NR;
                    for (int j = 0; j < NR; j += L) {
                        FloatVector.fromMemorySegment(S, b, at + (long) j * Float.BYTES, NATIVE).intoArray(dst, o + j);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    long at = (slice + p * rowStride) * Float.BYTES;
                    int o = d + p * NR;
                    for (int j = 0; j < cols; j++) {
                        dst[o + j] = b.get(F, at + (long) j * Float.BYTES);
                    }
                    for (int j = cols; j < NR; j++) {
                        dst[o + j] = 0f;
                    }
                }
            }
        }
    }
}
