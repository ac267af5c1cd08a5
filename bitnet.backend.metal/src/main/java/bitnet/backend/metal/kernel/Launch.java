package bitnet.backend.metal.kernel;

/**
 * The grid of one kernel launch: threadgroups per grid, threads per threadgroup, and bytes of threadgroup memory.
 * The factories compute it for each kernel family; every extent they return is at least 1 (the shim rejects 0), so
 * callers skip the launch when there is no work instead of asking for an empty grid.
 *
 * @param groups threadgroups along x, y, z
 * @param threads threads per threadgroup along x, y, z
 * @param threadgroupMemory bytes bound at threadgroup index 0 (0 for none)
 */
public record Launch(Size3 groups, Size3 threads, int threadgroupMemory) {
    /** Threads per threadgroup for element-wise kernels (a multiple of the 32-wide SIMD group). */
    public static final int ELEMENTWISE_WIDTH = 256;
    /** Tile edge of the matmul kernel ({@code BM_TILE} in matmul.metal). */
    public static final int MATMUL_TILE = 16;
    /** Widest threadgroup a row kernel uses. */
    public static final int ROW_WIDTH_MAX = 256;
    /** Narrowest threadgroup a row kernel uses: one SIMD group. */
    public static final int ROW_WIDTH_MIN = 32;
    /** BitLinear threadgroup: output rows along x. */
    public static final int BITLINEAR_ROWS = 32;
    /** BitLinear threadgroup: tokens along y. */
    public static final int BITLINEAR_TOKENS = 8;

    /**
     * Three extents.
     *
     * @param x first
     * @param y second
     * @param z third
     */
    public record Size3(int x, int y, int z) {
        /** @throws IllegalArgumentException if an extent is below 1 */
        public Size3 {
            if (x < 1 || y < 1 || z < 1) {
                throw new IllegalArgumentException("grid extents must be at least 1: " + x + " x " + y + " x " + z);
            }
        }

        /** @return the three extents as an array */
        public int[] toArray() {
            return new int[] {x, y, z};
        }
    }

    /**
     * One thread per element.
     *
     * @param count elements, at least 1 and below 2^31
     * @param maxThreads the device's threadgroup limit
     * @return {@code ceil(count / w)} groups of {@code w = min(256, maxThreads)} threads
     * @throws IllegalArgumentException if {@code count} is out of range
     */
    public static Launch elementwise(long count, int maxThreads) {
        positive("elements", count);
        int width = Math.min(ELEMENTWISE_WIDTH, maxThreads);
        return new Launch(new Size3(ceilDiv(count, width), 1, 1), new Size3(width, 1, 1), 0);
    }

    /**
     * One 16 x 16 threadgroup per output tile, one grid layer per batch.
     *
     * @param batch batches, at least 1
     * @param m output rows, at least 1
     * @param n output columns, at least 1
     * @return {@code (ceil(n / 16), ceil(m / 16), batch)} groups of 16 x 16 threads
     */
    public static Launch matmul(long batch, long m, long n) {
        positive("batches", batch);
        positive("rows", m);
        positive("columns", n);
        return new Launch(new Size3(ceilDiv(n, MATMUL_TILE), ceilDiv(m, MATMUL_TILE), (int) batch),
                new Size3(MATMUL_TILE, MATMUL_TILE, 1), 0);
    }

    /**
     * One threadgroup per row, its width a power of two between 32 and 256 (and the device limit) that covers the
     * row when it can, with one float of threadgroup memory per thread for the reductions.
     *
     * @param rows rows, at least 1
     * @param cols elements per row (0 allowed: the threads then reduce nothing)
     * @param maxThreads the device's threadgroup limit, at least 32
     * @return the launch
     */
    public static Launch rows(long rows, long cols, int maxThreads) {
        positive("rows", rows);
        if (cols < 0) {
            throw new IllegalArgumentException("columns must not be negative: " + cols);
        }
        int limit = Integer.highestOneBit(Math.min(ROW_WIDTH_MAX, maxThreads));
        if (limit < ROW_WIDTH_MIN) {
            throw new IllegalArgumentException("the device allows " + maxThreads + " threads per threadgroup; row "
                    + "kernels need " + ROW_WIDTH_MIN);
        }
        long covering = cols <= ROW_WIDTH_MIN ? ROW_WIDTH_MIN : Long.highestOneBit(cols - 1) << 1;
        int width = (int) Math.min(covering, limit);
        return new Launch(new Size3((int) rows, 1, 1), new Size3(width, 1, 1), width * Float.BYTES);
    }

    /**
     * One thread per (output row, token), in 32 x 8 threadgroups.
     *
     * @param out output features, at least 1
     * @param tokens tokens, at least 1
     * @return {@code (ceil(out / 32), ceil(tokens / 8), 1)} groups
     */
    public static Launch bitLinear(long out, long tokens) {
        positive("output features", out);
        positive("tokens", tokens);
        return new Launch(new Size3(ceilDiv(out, BITLINEAR_ROWS), ceilDiv(tokens, BITLINEAR_TOKENS), 1),
                new Size3(BITLINEAR_ROWS, BITLINEAR_TOKENS, 1), 0);
    }

    /**
     * One thread per output byte (four weights), so no two threads write one byte.
     *
     * @param weights weights, at least 1
     * @param maxThreads the device's threadgroup limit
     * @return the launch
     */
    public static Launch ternaryQuantize(long weights, int maxThreads) {
        positive("weights", weights);
        return elementwise((weights + 3) / 4, maxThreads);
    }

    /** @return threads launched in all (a multiple of the threadgroup size, at least the work) */
    public long totalThreads() {
        return (long) groups.x() * groups.y() * groups.z() * threads.x() * threads.y() * threads.z();
    }

    private static void positive(String what, long n) {
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be between 1 and " + Integer.MAX_VALUE + ": " + n);
        }
    }

    private static int ceilDiv(long n, int d) {
        return (int) ((n + d - 1) / d);
    }
}
