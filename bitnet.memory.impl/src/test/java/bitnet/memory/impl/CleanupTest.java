package bitnet.memory.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.TrackingLevel;

class CleanupTest {
    private static final long MIB = 1 << 20;

    private static PoolSettings settings(Set<CleanupStrategy> cleanup, long idleMillis, int keep) {
        return new PoolSettings(64, 64 << 10, MIB, 4 * MIB, keep, Long.MAX_VALUE, new double[0],
                TrackingLevel.BASIC, cleanup, idleMillis, 60_000, false, 10);
    }

    @Test
    void emptyChunksBeyondTheKeepCountGoAtOnce() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(settings(Set.of(), 0, 1))) {
            MemoryBlock a = pool.allocate(4 * MIB);
            MemoryBlock b = pool.allocate(4 * MIB);
            a.close();
            assertEquals(8 * MIB, pool.stats().bytesReserved());
            b.close();
            assertEquals(4 * MIB, pool.stats().bytesReserved());
        }
    }

    @Test
    void idleCleanupReleasesOnlyWhatStayedEmptyLongEnough() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(settings(EnumSet.of(CleanupStrategy.IDLE), 3_600_000,
                1))) {
            pool.allocate(100).close();
            pool.allocate(MIB).close();
            pool.tick();
            assertEquals(5 * MIB, pool.stats().bytesReserved());
            pool.reconfigure(pool.settings().withCleanup(EnumSet.of(CleanupStrategy.IDLE), 0, 60_000));
            pool.tick();
            assertEquals(0, pool.stats().bytesReserved());
        }
    }

    @Test
    void periodicCleanupReleasesEverythingCachedAtEachTick() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(settings(EnumSet.of(CleanupStrategy.PERIODIC),
                3_600_000, 1))) {
            MemoryBlock kept = pool.allocate(100);
            pool.allocate(70_000).close();
            pool.tick();
            // The slab of the live block stays; the empty buddy chunk goes.
            assertEquals(MIB, pool.stats().bytesReserved());
            kept.close();
            assertEquals(0, pool.checkInvariants());
        }
    }

    @Test
    void aReleasedSlabMakesStaleSegmentsThrowInsteadOfCrashing() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(settings(Set.of(), 0, 0))) {
            MemoryBlock block = pool.allocate(128);
            var stale = block.segment();
            block.close();
            pool.trim();
            assertThrows(IllegalStateException.class, () -> stale.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Test
    void guardedSegmentsThrowAfterFreeAtOnce() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(settings(Set.of(), 0, 0)
                .withGuardFreedSegments(true))) {
            MemoryBlock block = pool.allocate(128);
            var kept = block.segment();
            kept.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1);
            MemoryBlock moved = pool.reallocate(block, 100);
            assertThrows(IllegalStateException.class, () -> kept.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            var second = moved.segment();
            assertEquals(1, second.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            moved.close();
            assertThrows(IllegalStateException.class, () -> second.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
        }
    }
}
