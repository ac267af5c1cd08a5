package bitnet.memory.impl;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import bitnet.api.memory.TrackingLevel;

/**
 * Validated pool settings. The first four fix the pool's layout ({@link #sameLayout}); the rest can change while
 * the pool serves blocks.
 *
 * @param alignment block alignment, a power of two in [8, 4096]
 * @param smallThreshold largest block served from slabs, a power of two in [alignment, 1 MiB]
 * @param slabBytes size of each slab, a power of two, at least {@code smallThreshold}
 * @param largeChunkBytes size of each buddy chunk, a power of two, at least {@code 2 * smallThreshold}; bigger
 *        blocks get their own system allocation
 * @param emptyLargeChunksKept how many empty buddy chunks stay cached when blocks are freed; more are released
 * @param limitBytes most bytes reserved from the system, {@code Long.MAX_VALUE} for no limit
 * @param pressureThresholds fractions of the limit at which listeners are told, ascending, in (0, 1]
 * @param trackingLevel what is recorded per block
 * @param cleanup when cached memory is given back
 * @param idleReleaseMillis how long memory stays cached under {@link CleanupStrategy#IDLE}
 * @param cleanupPeriodMillis period of the background tick (idle and periodic cleanup)
 * @param guardFreedSegments give each block its own memory scope, so a segment used after its block was freed
 *        throws; costs a shared arena per block
 * @param leakHistory how many leak reports are kept
 */
public record PoolSettings(long alignment, long smallThreshold, long slabBytes, long largeChunkBytes,
        int emptyLargeChunksKept, long limitBytes, double[] pressureThresholds, TrackingLevel trackingLevel,
        Set<CleanupStrategy> cleanup, long idleReleaseMillis, long cleanupPeriodMillis, boolean guardFreedSegments,
        int leakHistory) {

    /** Validates every value; copies the arrays and sets. */
    public PoolSettings {
        requirePowerOfTwo("alignment", alignment, 8, 4096);
        requirePowerOfTwo("smallBlockThreshold", smallThreshold, alignment, 1L << 20);
        requirePowerOfTwo("slabBytes", slabBytes, smallThreshold, 1L << 30);
        requirePowerOfTwo("largeChunkBytes", largeChunkBytes, 2 * smallThreshold, 1L << 40);
        requireAtLeast("emptyLargeChunksKept", emptyLargeChunksKept, 0);
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("limitBytes must be positive (0 in the configuration means none), was "
                    + limitBytes);
        }
        pressureThresholds = pressureThresholds.clone();
        for (int i = 0; i < pressureThresholds.length; i++) {
            double t = pressureThresholds[i];
            if (!(t > 0 && t <= 1) || (i > 0 && t <= pressureThresholds[i - 1])) {
                throw new IllegalArgumentException("pressureThresholds must ascend within (0, 1], were "
                        + Arrays.toString(pressureThresholds));
            }
        }
        if (trackingLevel == null) {
            throw new IllegalArgumentException("trackingLevel is missing; use one of "
                    + Arrays.toString(TrackingLevel.values()));
        }
        cleanup = cleanup.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(cleanup));
        requireAtLeast("idleReleaseMillis", idleReleaseMillis, 0);
        requireAtLeast("cleanupPeriodMillis", cleanupPeriodMillis, 1);
        requireAtLeast("leakHistory", leakHistory, 0);
    }

    /** @return the defaults documented in {@code docs/memory.md} */
    public static PoolSettings defaults() {
        return new PoolSettings(64, 64 << 10, 1 << 20, 32 << 20, 1, Long.MAX_VALUE, new double[] {0.75, 0.9},
                TrackingLevel.STANDARD, EnumSet.of(CleanupStrategy.IDLE, CleanupStrategy.PRESSURE), 30_000, 10_000,
                false, 100);
    }

    /** @return these settings at another tracking level */
    public PoolSettings withTrackingLevel(TrackingLevel level) {
        return new PoolSettings(alignment, smallThreshold, slabBytes, largeChunkBytes, emptyLargeChunksKept,
                limitBytes, pressureThresholds, level, cleanup, idleReleaseMillis, cleanupPeriodMillis,
                guardFreedSegments, leakHistory);
    }

    /** @return these settings with another limit, {@code Long.MAX_VALUE} for none */
    public PoolSettings withLimit(long bytes) {
        return new PoolSettings(alignment, smallThreshold, slabBytes, largeChunkBytes, emptyLargeChunksKept, bytes,
                pressureThresholds, trackingLevel, cleanup, idleReleaseMillis, cleanupPeriodMillis,
                guardFreedSegments, leakHistory);
    }

    /** @return these settings with other cleanup strategies and tick period */
    public PoolSettings withCleanup(Set<CleanupStrategy> strategies, long idleMillis, long periodMillis) {
        return new PoolSettings(alignment, smallThreshold, slabBytes, largeChunkBytes, emptyLargeChunksKept,
                limitBytes, pressureThresholds, trackingLevel, strategies, idleMillis, periodMillis,
                guardFreedSegments, leakHistory);
    }

    /** @return these settings with freed segments guarded or not */
    public PoolSettings withGuardFreedSegments(boolean guard) {
        return new PoolSettings(alignment, smallThreshold, slabBytes, largeChunkBytes, emptyLargeChunksKept,
                limitBytes, pressureThresholds, trackingLevel, cleanup, idleReleaseMillis, cleanupPeriodMillis, guard,
                leakHistory);
    }

    /** @return whether {@code other} has the same alignment, threshold, slab and chunk sizes */
    public boolean sameLayout(PoolSettings other) {
        return alignment == other.alignment && smallThreshold == other.smallThreshold
                && slabBytes == other.slabBytes && largeChunkBytes == other.largeChunkBytes;
    }

    /** @return a copy of the thresholds */
    @Override
    public double[] pressureThresholds() {
        return pressureThresholds.clone();
    }

    private static void requirePowerOfTwo(String name, long value, long min, long max) {
        if (value < min || value > max || Long.bitCount(value) != 1) {
            throw new IllegalArgumentException(name + " must be a power of two in [" + min + ", " + max + "], was "
                    + value);
        }
    }

    private static void requireAtLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }
}
