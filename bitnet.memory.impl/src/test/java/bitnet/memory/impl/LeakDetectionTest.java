package bitnet.memory.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

import org.junit.jupiter.api.Test;

import bitnet.api.memory.LeakReport;
import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.TrackingLevel;

class LeakDetectionTest {

    @Test
    void anUnreachableBlockIsReportedWithItsSiteAndReclaimed() throws InterruptedException {
        try (HybridMemoryPool pool = HybridMemoryPool.create(
                PoolSettings.defaults().withTrackingLevel(TrackingLevel.DETAILED))) {
            leakOne(pool, 1000);
            awaitLeaks(pool, 1);
            LeakReport report = pool.leaks().get(0);
            assertEquals(1000, report.bytes());
            assertEquals("cpu", report.pool());
            assertEquals(Thread.currentThread().getName(), report.allocatingThread());
            assertTrue(report.allocationSite().stream().anyMatch(e -> e.getMethodName().equals("leakOne")),
                    report.allocationSite().toString());
            assertEquals(0, pool.stats().bytesInUse());
            assertEquals(0, pool.checkInvariants());
        }
    }

    @Test
    void atStandardTheSiteIsNotRecordedButTheLeakIs() throws InterruptedException {
        try (HybridMemoryPool pool = HybridMemoryPool.create(PoolSettings.defaults())) {
            leakOne(pool, 300_000);
            awaitLeaks(pool, 1);
            assertTrue(pool.leaks().get(0).allocationSite().isEmpty());
            assertEquals(0, pool.checkInvariants());
        }
    }

    @Test
    void closedBlocksAreNeverReportedEvenWhenCollected() throws InterruptedException {
        try (HybridMemoryPool pool = HybridMemoryPool.create(PoolSettings.defaults())) {
            ReferenceQueue<MemoryBlock> queue = new ReferenceQueue<>();
            WeakReference<MemoryBlock> ref = closedBlock(pool, queue);
            for (int i = 0; i < 100 && queue.remove(50) == null; i++) {
                System.gc();
            }
            assertFalse(ref.refersTo(pool.allocate(1)));
            assertEquals(0, pool.metrics().leaksDetected());
            assertTrue(pool.leaks().isEmpty());
        }
    }

    private static WeakReference<MemoryBlock> closedBlock(HybridMemoryPool pool, ReferenceQueue<MemoryBlock> q) {
        MemoryBlock block = pool.allocate(64);
        block.close();
        return new WeakReference<>(block, q);
    }

    private static void leakOne(HybridMemoryPool pool, long bytes) {
        pool.allocate(bytes).segment().fill((byte) 1);
    }

    /** Collects garbage until the cleaner reported the leaks; bounded, waiting on a reference queue, no sleeps. */
    static void awaitLeaks(HybridMemoryPool pool, long expected) throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        for (int i = 0; i < 200 && pool.metrics().leaksDetected() < expected; i++) {
            new WeakReference<>(new Object(), queue);
            System.gc();
            queue.remove(25);
        }
        assertEquals(expected, pool.metrics().leaksDetected(), "leaks detected");
    }
}
