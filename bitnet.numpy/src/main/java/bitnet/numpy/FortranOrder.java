package bitnet.numpy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Rearranges column-major (Fortran order) data into row-major (C order), bit for bit. */
final class FortranOrder {
    private static final ValueLayout.OfShort S16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt S32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong S64 = ValueLayout.JAVA_LONG_UNALIGNED;
    /**
     * Tile edge in elements. Small on purpose: with power-of-two extents, the rows of a tile lie a multiple of
     * 4 KiB apart and fall into one L1 set, so a 64-wide tile thrashes (measured at 1024 x 4096 f32, best of 30:
     * 49 ms with 64, 30 ms with 32, 12 ms with 16, 7 ms with 8, 20 ms untiled); 8 rows fit the set's ways.
     */
    private static final long TILE = 8;

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
        for (long d : shape) {
            size *= d;
        }
        if (size == 0) {
            return;
        }
        if (rank == 2 || rank == 3) {
            tiled(src, dst, shape[0], rank == 3 ? shape[1] : 1, shape[rank - 1], itemSize);
        } else {
            general(src, dst, shape, size, itemSize);
        }
    }

    /**
     * Rank 2 and 3 as {@code dst[(i*m + k)*c + j] = src[i + a*k + a*m*j]}, in square tiles of the first and last
     * axes, so that the cache lines a tile reads and writes are reused before they are evicted, instead of
     * striding through the whole array for every element.
     */
    private static void tiled(MemorySegment src, MemorySegment dst, long a, long m, long c, int itemSize) {
        for (long ib = 0; ib < a; ib += TILE) {
            long ie = Math.min(a, ib + TILE);
            for (long jb = 0; jb < c; jb += TILE) {
                long je = Math.min(c, jb + TILE);
                for (long k = 0; k < m; k++) {
                    for (long j = jb; j < je; j++) {
                        column(src, a * k + a * m * j, dst, k * c + j, m * c, ib, ie, itemSize);
                    }
                }
            }
        }
    }

    /** {@code dst[to + i*step] = src[from + i]} for i in [ib, ie); one monomorphic loop per element size. */
    private static void column(MemorySegment src, long from, MemorySegment dst, long to, long step, long ib, long ie,
            int itemSize) {
        switch (itemSize) {
            case 1 -> {
                for (long i = ib; i < ie; i++) {
                    dst.set(ValueLayout.JAVA_BYTE, to + i * step, src.get(ValueLayout.JAVA_BYTE, from + i));
                }
            }
            case 2 -> {
                for (long i = ib; i < ie; i++) {
                    dst.set(S16, (to + i * step) * 2, src.get(S16, (from + i) * 2));
                }
            }
            case 4 -> {
                for (long i = ib; i < ie; i++) {
                    dst.set(S32, (to + i * step) * 4, src.get(S32, (from + i) * 4));
                }
            }
            default -> {
                for (long i = ib; i < ie; i++) {
                    dst.set(S64, (to + i * step) * 8, src.get(S64, (from + i) * 8));
                }
            }
        }
    }

    private static void general(MemorySegment src, MemorySegment dst, long[] shape, long size, int itemSize) {
        int rank = shape.length;
        long[] srcStrides = new long[rank];
        long stride = 1;
        for (int d = 0; d < rank; d++) {
            srcStrides[d] = stride;
            stride *= shape[d];
        }
        long[] index = new long[rank];
        long from = 0;
        for (long i = 0; i < size; i++) {
            move(src, from, dst, i, itemSize);
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

    private static void move(MemorySegment src, long from, MemorySegment dst, long to, int itemSize) {
        switch (itemSize) {
            case 1 -> dst.set(ValueLayout.JAVA_BYTE, to, src.get(ValueLayout.JAVA_BYTE, from));
            case 2 -> dst.set(S16, to * 2, src.get(S16, from * 2));
            case 4 -> dst.set(S32, to * 4, src.get(S32, from * 4));
            default -> dst.set(S64, to * 8, src.get(S64, from * 8));
        }
    }
}
