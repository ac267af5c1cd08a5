package bitnet.memory.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.PoolMetrics;
import bitnet.api.memory.PoolStats;
import bitnet.api.memory.SizeClassStats;
import bitnet.api.memory.TrackingLevel;

class TrackingLevelTest {

    private static HybridMemoryPool pool(TrackingLevel level) {
        return HybridMemoryPool.create(PoolSettings.defaults().withTrackingLevel(level)
                .withCleanup(Set.of(), 0, 1000));
    }

    @Test
    void noneCountsNothingButStillKnowsItsMemory() {
        try (HybridMemoryPool pool = pool(TrackingLevel.NONE)) {
            MemoryBlock block = pool.allocate(100);
            PoolMetrics m = pool.metrics();
            assertEquals(0, m.totals().allocations());
            assertEquals(0, m.totals().bytesInUse());
            assertEquals(128, m.bytesGranted());
            assertEquals((1 << 20) - 128, m.bytesCached());
            block.close();
        }
    }

    @Test
    void basicCountsPoolAndClassBytesButWatchesNoLeaks() {
        try (HybridMemoryPool pool = pool(TrackingLevel.BASIC)) {
            MemoryBlock a = pool.allocate(100);
            MemoryBlock b = pool.allocate(200_000);
            PoolStats t = pool.stats();
            assertEquals(2, t.allocations());
            assertEquals(200_100, t.bytesInUse());
            assertEquals(100, sizeClass(pool.metrics(), "small", 128).bytesInUse());
            assertEquals(200_000, sizeClass(pool.metrics(), "large", 256 << 10).bytesInUse());
            assertEquals(0, pool.leakWatches());
            a.close();
            b.close();
            // The small block's bytes were still in its stripe when the large one raised the shared peak.
            long peak = pool.stats().peakBytesInUse();
            assertTrue(peak >= 200_000 && peak <= 200_100, "peak " + peak);
            assertEquals(100, sizeClass(pool.metrics(), "small", 128).peakBytesInUse());
        }
    }

    @Test
    void standardAlsoWatchesEveryBlockForLeaks() {
        try (HybridMemoryPool pool = pool(TrackingLevel.STANDARD)) {
            MemoryBlock a = pool.allocate(100);
            MemoryBlock b = pool.allocate(96);
            MemoryBlock c = pool.allocate(200_000);
            PoolMetrics m = pool.metrics();
            SizeClassStats small = sizeClass(m, "small", 128);
            assertEquals(2, small.blocksInUse());
            assertEquals(196, small.bytesInUse());
            assertEquals(1, small.reuseHits());
            assertEquals(3, pool.leakWatches());
            SizeClassStats large = sizeClass(m, "large", 256 << 10);
            assertEquals(200_000, large.bytesInUse());
            assertEquals(256 + (256 << 10), m.bytesGranted());
            assertEquals(1 - 200_196.0 / m.bytesGranted(), m.internalFragmentation(), 1e-12);
            // The 32 MiB chunk holds one 256 KiB block: its free space is split into one block of each order.
            assertTrue(m.externalFragmentation() > 0.4, "external " + m.externalFragmentation());
            a.close();
            b.close();
            c.close();
            assertEquals(196, sizeClass(pool.metrics(), "small", 128).peakBytesInUse());
            assertEquals(0, pool.leakWatches());
        }
    }

    @Test
    void changingTheLevelLiveKeepsCountersBalanced() {
        try (HybridMemoryPool pool = pool(TrackingLevel.NONE)) {
            MemoryBlock untracked = pool.allocate(100);
            pool.reconfigure(pool.settings().withTrackingLevel(TrackingLevel.STANDARD));
            MemoryBlock tracked = pool.allocate(100);
            MemoryBlock resized = pool.reallocate(untracked, 120);
            assertEquals(100, pool.stats().bytesInUse());
            pool.reconfigure(pool.settings().withTrackingLevel(TrackingLevel.BASIC));
            tracked.close();
            resized.close();
            PoolStats t = pool.stats();
            assertEquals(0, t.bytesInUse());
            assertEquals(t.allocations(), t.frees());
            assertEquals(0, sizeClass(pool.metrics(), "small", 128).bytesInUse());
        }
    }

    private static SizeClassStats sizeClass(PoolMetrics m, String kind, long bytes) {
        return m.sizeClasses().stream().filter(c -> c.kind().equals(kind) && c.blockBytes() == bytes).findFirst()
                .orElseThrow();
    }
}
