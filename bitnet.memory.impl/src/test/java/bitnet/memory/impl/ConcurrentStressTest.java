package bitnet.memory.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.PoolStats;
import bitnet.api.memory.TrackingLevel;

/**
 * Threads hammer one pool with allocate, free and resize of random sizes across slabs, buddy chunks and huge
 * blocks, while a periodic cleanup releases empty slabs and chunks under them. Every block carries a stamp at both
 * ends that must survive until it is freed, so overlapping blocks would show; at the end every byte is accounted.
 */
class ConcurrentStressTest {
    private static final int THREADS = 3;
    private static final int OPS_PER_THREAD = 700_000;
    private static final int LIVE_PER_THREAD = 48;

    @Test
    void millionsOfMixedOperationsLeaveEveryByteAccounted() throws Exception {
        PoolSettings settings = new PoolSettings(64, 16 << 10, 256 << 10, 4 << 20, 0, Long.MAX_VALUE,
                new double[0], TrackingLevel.STANDARD, EnumSet.of(CleanupStrategy.PERIODIC), 0, 2, false, 10);
        try (HybridMemoryPool pool = HybridMemoryPool.create(settings)) {
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 1234 + t;
                results.add(threads.submit((Callable<Long>) () -> hammer(pool, seed)));
            }
            long ops = 0;
            for (Future<Long> f : results) {
                ops += f.get(5, TimeUnit.MINUTES);
            }
            threads.shutdown();
            assertEquals((long) THREADS * OPS_PER_THREAD, ops);
            assertEquals(0, pool.checkInvariants());
            PoolStats stats = pool.stats();
            assertEquals(stats.allocations(), stats.frees());
            assertEquals(0, stats.bytesInUse());
            pool.trim();
            assertEquals(0, pool.stats().bytesReserved());
            assertEquals(0, pool.checkInvariants());
        }
    }

    private static long hammer(HybridMemoryPool pool, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MemoryBlock[] live = new MemoryBlock[LIVE_PER_THREAD];
        long[] stamps = new long[LIVE_PER_THREAD];
        long ops = 0;
        for (int i = 0; i < OPS_PER_THREAD; i++) {
            int slot = random.nextInt(LIVE_PER_THREAD);
            MemoryBlock block = live[slot];
            if (block == null) {
                live[slot] = pool.allocate(size(random));
                stamps[slot] = random.nextLong();
                stamp(live[slot].segment(), stamps[slot]);
            } else if (random.nextInt(4) == 0) {
                check(block.segment(), stamps[slot]);
                live[slot] = pool.reallocate(block, size(random));
                long keep = Math.min(block.size(), live[slot].size());
                if (keep >= 16) {
                    assertEquals(stamps[slot], live[slot].segment().get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
                }
                stamps[slot] = random.nextLong();
                stamp(live[slot].segment(), stamps[slot]);
            } else {
                check(block.segment(), stamps[slot]);
                block.close();
                live[slot] = null;
            }
            ops++;
        }
        for (int slot = 0; slot < LIVE_PER_THREAD; slot++) {
            if (live[slot] != null) {
                check(live[slot].segment(), stamps[slot]);
                live[slot].close();
            }
        }
        return ops;
    }

    private static long size(SplittableRandom random) {
        int kind = random.nextInt(1000);
        if (kind == 0) {
            return (4 << 20) + 1 + random.nextInt(1 << 20);
        }
        if (kind < 100) {
            return (16 << 10) + 1 + random.nextInt(2 << 20);
        }
        return 1 + random.nextInt(16 << 10);
    }

    private static void stamp(MemorySegment s, long stamp) {
        if (s.byteSize() >= 16) {
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, stamp);
            s.set(ValueLayout.JAVA_LONG_UNALIGNED, s.byteSize() - 8, ~stamp);
        } else {
            // Too small for a stamp at each end: one byte at the start, one at the end.
            s.set(ValueLayout.JAVA_BYTE, 0, (byte) stamp);
            s.set(ValueLayout.JAVA_BYTE, s.byteSize() - 1, (byte) stamp);
        }
    }

    private static void check(MemorySegment s, long stamp) {
        if (s.byteSize() >= 16) {
            assertEquals(stamp, s.get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
            assertEquals(~stamp, s.get(ValueLayout.JAVA_LONG_UNALIGNED, s.byteSize() - 8));
        } else {
            assertEquals((byte) stamp, s.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals((byte) stamp, s.get(ValueLayout.JAVA_BYTE, s.byteSize() - 1));
        }
    }
}
