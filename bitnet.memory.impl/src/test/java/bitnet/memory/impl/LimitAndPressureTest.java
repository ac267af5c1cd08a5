package bitnet.memory.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.MemoryPressureListener.PressureEvent;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.memory.TrackingLevel;

class LimitAndPressureTest {
    private static final long MIB = 1 << 20;

    private static PoolSettings limited(long limit, Set<CleanupStrategy> cleanup) {
        return new PoolSettings(64, 64 << 10, MIB, 4 * MIB, 1, limit, new double[] {0.5, 0.9},
                TrackingLevel.BASIC, cleanup, 0, 60_000, false, 10);
    }

    @Test
    void anAllocationBeyondTheLimitFailsWithTheNumbersAndThePoolRecovers() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(limited(10 * MIB, Set.of()))) {
            MemoryBlock a = pool.allocate(4 * MIB);
            MemoryBlock b = pool.allocate(4 * MIB);
            OutOfPoolMemoryException e = assertThrows(OutOfPoolMemoryException.class, () -> pool.allocate(3 * MIB));
            assertTrue(e.getMessage().contains("cannot allocate " + 3 * MIB + " bytes"), e.getMessage());
            assertTrue(e.getMessage().contains(8 * MIB + " bytes in use"), e.getMessage());
            assertTrue(e.getMessage().contains("limit " + 10 * MIB), e.getMessage());
            assertThrows(OutOfPoolMemoryException.class, () -> pool.allocate(20 * MIB));
            a.close();
            pool.allocate(3 * MIB).close();
            b.close();
            assertEquals(0, pool.checkInvariants());
        }
    }

    @Test
    void cachedMemoryIsReleasedBeforeAnAllocationFails() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(limited(9 * MIB, Set.of()))) {
            List<MemoryBlock> small = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                small.add(pool.allocate(64 << 10));
            }
            small.forEach(MemoryBlock::close);
            assertEquals(4 * MIB, pool.stats().bytesReserved());
            // 8 MiB of large blocks fit only once the four cached slabs go back to the system.
            MemoryBlock x = pool.allocate(4 * MIB);
            MemoryBlock y = pool.allocate(4 * MIB);
            assertEquals(8 * MIB, pool.stats().bytesReserved());
            x.close();
            y.close();
        }
    }

    @Test
    void listenersHearRisingAndFallingThresholds() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(limited(10 * MIB, Set.of()))) {
            List<PressureEvent> events = new ArrayList<>();
            pool.addPressureListener(events::add);
            MemoryBlock a = pool.allocate(4 * MIB);
            assertTrue(events.isEmpty());
            MemoryBlock b = pool.allocate(4 * MIB);
            assertEquals(List.of(new PressureEvent("cpu", 0.5, 8 * MIB, 10 * MIB, true)), events);
            MemoryBlock c = pool.allocate(1000);
            assertEquals(new PressureEvent("cpu", 0.9, 9 * MIB, 10 * MIB, true), events.get(1));
            c.close();
            b.close();
            a.close();
            pool.trim();
            assertEquals(4, events.size(), events.toString());
            assertEquals(new PressureEvent("cpu", 0.9, 5 * MIB, 10 * MIB, false), events.get(2));
            assertEquals(new PressureEvent("cpu", 0.5, 4 * MIB, 10 * MIB, false), events.get(3));
        }
    }

    @Test
    void aFailingListenerDoesNotFailTheAllocation() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(limited(10 * MIB, Set.of()))) {
            pool.addPressureListener(e -> {
                throw new IllegalStateException("listener bug");
            });
            MemoryBlock a = pool.allocate(4 * MIB);
            MemoryBlock b = pool.allocate(4 * MIB);
            assertTrue(b.isAlive());
            a.close();
            b.close();
        }
    }

    @Test
    void pressureCleanupReleasesCachedChunksWhenAThresholdIsCrossed() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(limited(10 * MIB,
                EnumSet.of(CleanupStrategy.PRESSURE)))) {
            pool.allocate(1000).close();
            assertEquals(MIB, pool.stats().bytesReserved());
            MemoryBlock a = pool.allocate(4 * MIB);
            MemoryBlock b = pool.allocate(4 * MIB);
            // Crossing 50% released the cached slab at once.
            assertEquals(8 * MIB, pool.stats().bytesReserved());
            a.close();
            b.close();
        }
    }

    @Test
    void lowerTheLimitLiveAndTheNextAllocationObeysIt() {
        try (HybridMemoryPool pool = HybridMemoryPool.create(limited(Long.MAX_VALUE, Set.of()))) {
            MemoryBlock a = pool.allocate(4 * MIB);
            pool.reconfigure(pool.settings().withLimit(6 * MIB));
            assertThrows(OutOfPoolMemoryException.class, () -> pool.allocate(4 * MIB));
            assertEquals(6 * MIB, pool.stats().limitBytes());
            a.close();
        }
    }
}
