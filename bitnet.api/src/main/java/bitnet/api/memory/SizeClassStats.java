package bitnet.api.memory;

/**
 * Counters of one size class of a pool. Block and cache counts are always exact. Allocations, frees, reuse hits
 * and requested bytes count blocks allocated while the pool's {@link TrackingLevel} was
 * {@link TrackingLevel#BASIC} or higher.
 *
 * @param kind which allocator serves the class: {@code "small"} (slabs), {@code "large"} (buddy chunks) or
 *        {@code "huge"} (one system allocation per block)
 * @param blockBytes bytes of each block of the class; for {@code "huge"} 0, as its blocks differ in size
 * @param blocksInUse blocks of the class handed out and not yet freed
 * @param bytesInUse bytes requested by the live blocks of the class
 * @param peakBytesInUse the highest {@code bytesInUse} seen
 * @param allocations blocks of the class allocated so far
 * @param frees blocks of the class freed so far
 * @param reuseHits allocations served from memory the pool already held, without asking the system for more
 * @param cachedBytes bytes of the class free and ready for reuse
 */
public record SizeClassStats(String kind, long blockBytes, long blocksInUse, long bytesInUse, long peakBytesInUse,
        long allocations, long frees, long reuseHits, long cachedBytes) {

    /** @return the fraction of allocations served by reuse, 0 when nothing was allocated */
    public double reuseRate() {
        return allocations == 0 ? 0 : (double) reuseHits / allocations;
    }
}
