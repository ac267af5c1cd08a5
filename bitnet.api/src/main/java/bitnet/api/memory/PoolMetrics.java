package bitnet.api.memory;

import java.util.List;

/**
 * A full snapshot of a pool: its totals, per-size-class counters and fragmentation.
 *
 * @param totals the pool-wide counters
 * @param trackingLevel the level in force when the snapshot was taken
 * @param bytesGranted bytes of the blocks in use, as rounded up to their size classes
 * @param bytesCached bytes reserved from the system and free for reuse
 * @param internalFragmentation the share of granted bytes not requested by their blocks, in [0, 1]; computed at
 *        {@link TrackingLevel#BASIC} and above, 0 below or when nothing is in use
 * @param externalFragmentation for large blocks, 1 minus the largest free block over all free bytes, in [0, 1];
 *        0 when nothing is free
 * @param leaksDetected blocks reclaimed because they became unreachable without being closed
 * @param sizeClasses counters per size class, smallest first
 */
public record PoolMetrics(PoolStats totals, TrackingLevel trackingLevel, long bytesGranted, long bytesCached,
        double internalFragmentation, double externalFragmentation, long leaksDetected,
        List<SizeClassStats> sizeClasses) {

    /** Copies the list so the snapshot stays immutable. */
    public PoolMetrics {
        sizeClasses = List.copyOf(sizeClasses);
    }
}
