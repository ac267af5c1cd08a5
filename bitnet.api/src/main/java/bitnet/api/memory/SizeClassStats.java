package bitnet.api.memory;

/**
 * Counters of one size class of a pool. Counts of allocations, frees, reuse hits and requested bytes cover
 * blocks allocated while the pool's {@link TrackingLevel} was {@link TrackingLevel#STANDARD} or higher; block
 * and cache counts are always exact.
 *
 * @param kind which allocator serves the class: {@code "small"} (slabs), {@code "large"} (buddy chunks) or
 *        {@code "huge"} (one system allocation per block)
 * @param blockBytes bytes of each block of the class; for {@code "huge"} 0, as its blocks differ in size
 * @param blocksInUse blocks of the class handed out and not yet freed
 * @param bytesInUse bytes requested by the live blocks of the class
 * @param peakBytesInUse the highest {@code bytesInUse} seen
 * @param allocations blocks of the class allocated so far
 * @param frees blocks of the class freed so far
 * @param reuseHits allocations served by a block freed before, rather than by memory fresh from the system
 * @param cachedBytes bytes of the class free and ready for reuse
 */
public record SizeClassStats(String kind, long blockBytes, long blocksInUse, long bytesInUse, long peakBytesInUse,
        long allocations, long frees, long reuseHits, long cachedBytes) {

    /** @return the fraction of allocations served by reuse, 0 when nothing was allocated */
    public double reuseRate() {
        return allocations == 0 ? 0 : (double) reuseHits / allocations;
    }
}
