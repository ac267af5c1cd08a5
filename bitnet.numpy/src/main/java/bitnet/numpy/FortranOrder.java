package bitnet.numpy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Rearranges column-major (Fortran order) data into row-major (C order), bit for bit. */
final class FortranOrder {
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt S32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong S64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private FortranOrder() {
    }

    /**
     * Writes {@code dst[i0, ..., ik]} (row-major) {@code = src[i0 + s0*i1 + s0*s1*i2 ...]} (column-major) for
     * every index. Elements are moved as raw bits through integer layouts, so NaN payloads survive.
     *
     * @param src column-major data of {@code shape}, at least {@code size * itemSize} bytes
     * @param dst row-major destination, at least {@code size * itemSize} bytes; overwritten
     * @param shape the array's shape, extents at least 0
     * @param itemSize element size in bytes: 1, 2, 4 or 8
     */
    static void toC(MemorySegment src, MemorySegment dst, long[] shape, int itemSize) {
        int rank = shape.length;
        long size = 1;
        long[] srcStrides = new long[rank];
        for (int d = 0; d < rank; d++) {
            srcStrides[d] = size;
            size *= shape[d];
        }
        if (size == 0) {
            return;
        }
        long[] index = new long[rank];
        long from = 0;
        for (long i = 0; i < size; i++) {
            switch (itemSize) {
                case 1 -> dst.set(ValueLayout.JAVA_BYTE, i, src.get(ValueLayout.JAVA_BYTE, from));
                case 2 -> dst.set(S16, i * 2, src.get(S16, from * 2));
                case 4 -> dst.set(S32, i * 4, src.get(S32, from * 4));
                default -> dst.set(S64, i * 8, src.get(S64, from * 8));
            }
            for (int d = rank - 1; d >= 0; d--) {
                from += srcStrides[d];
                if (++index[d] < shape[d]) {
                    break;
                }
                from -= srcStrides[d] * shape[d];
                index[d] = 0;
            }
        }
    }
}
