package bitnet.api.memory;

/**
 * A snapshot of a pool's counters.
 *
 * @param pool the pool's name
 * @param bytesInUse bytes in live blocks (as requested)
 * @param peakBytesInUse the highest {@code bytesInUse} seen
 * @param bytesReserved bytes held from the system, in use or cached for reuse
 * @param limitBytes the configured limit on reserved bytes, or {@code Long.MAX_VALUE} for none
 * @param allocations blocks allocated so far
 * @param frees blocks freed so far
 * @param reuseHits allocations served from cached memory instead of the system
 */
public record PoolStats(String pool, long bytesInUse, long peakBytesInUse, long bytesReserved, long limitBytes,
        long allocations, long frees, long reuseHits) {

    /** @return blocks allocated and not yet freed */
    public long liveBlocks() {
        return allocations - frees;
    }

    /** @return the fraction of allocations served by reuse, 0 when nothing was allocated */
    public double reuseRate() {
        return allocations == 0 ? 0 : (double) reuseHits / allocations;
    }
}
