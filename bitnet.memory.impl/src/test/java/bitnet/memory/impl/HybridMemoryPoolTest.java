package bitnet.memory.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.PoolStats;

class HybridMemoryPoolTest {
    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();

    @AfterEach
    void close() {
        pool.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 63, 64, 65, 100, 4095, 4096, 65535, 65536, 65537, 1 << 20, (4 << 20) + 3,
            (32 << 20) - 1, 32 << 20, (32 << 20) + 1})
    void everySizeIsAlignedWritableAndExact(long bytes) {
        try (MemoryBlock block = pool.allocate(bytes)) {
            assertEquals(bytes, block.size());
            assertEquals(bytes, block.segment().byteSize());
            assertEquals(0, block.segment().address() % 64);
            block.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
            block.segment().set(ValueLayout.JAVA_BYTE, bytes - 1, (byte) 2);
            assertEquals(2, block.segment().get(ValueLayout.JAVA_BYTE, bytes - 1));
        }
        assertEquals(0, pool.checkInvariants());
    }

    @Test
    void liveBlocksNeverOverlap() {
        SplittableRandom random = new SplittableRandom(42);
        MemoryBlock[] blocks = new MemoryBlock[300];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = pool.allocate(1 + random.nextLong(i % 10 == 0 ? 3 << 20 : 70_000));
            blocks[i].segment().fill((byte) i);
        }
        for (int i = 0; i < blocks.length; i++) {
            MemorySegment s = blocks[i].segment();
            assertEquals((byte) i, s.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals((byte) i, s.get(ValueLayout.JAVA_BYTE, s.byteSize() - 1));
            blocks[i].close();
        }
        assertEquals(0, pool.checkInvariants());
    }

    @Test
    void freedSmallBlocksAreReusedAndCounted() {
        pool.allocate(1000).close();
        pool.allocate(900).close();
        PoolStats stats = pool.stats();
        assertEquals(2, stats.allocations());
        assertEquals(2, stats.frees());
        assertEquals(1, stats.reuseHits());
        assertEquals(0, stats.bytesInUse());
        assertEquals(1000, stats.peakBytesInUse());
        assertEquals(1 << 20, stats.bytesReserved());
    }

    @Test
    void zeroedBlocksAreZeroEvenWhenReused() {
        for (long bytes : new long[] {256, 200_000}) {
            MemoryBlock dirty = pool.allocate(bytes);
            dirty.segment().fill((byte) 0x5a);
            dirty.close();
            try (MemoryBlock block = pool.allocateZeroed(bytes)) {
                assertEquals(-1, block.segment().mismatch(MemorySegment.ofArray(new byte[(int) bytes])));
            }
        }
    }

    @Test
    void reallocateKeepsContentsInPlaceAndWhenMoving() {
        MemoryBlock block = pool.allocate(100);
        block.segment().fill((byte) 9);
        long address = block.segment().address();
        MemoryBlock same = pool.reallocate(block, 120);
        assertNotSame(block, same);
        assertFalse(block.isAlive());
        assertEquals(address, same.segment().address());
        assertEquals(120, same.size());
        MemoryBlock grown = pool.reallocate(same, 300_000);
        assertEquals(300_000, grown.size());
        for (long i = 0; i < 100; i++) {
            assertEquals(9, grown.segment().get(ValueLayout.JAVA_BYTE, i));
        }
        MemoryBlock shrunk = pool.reallocate(grown, 10);
        assertEquals(9, shrunk.segment().get(ValueLayout.JAVA_BYTE, 9));
        assertThrows(MemoryAccessException.class, grown::segment);
        shrunk.close();
        assertEquals(0, pool.stats().bytesInUse());
        assertEquals(0, pool.checkInvariants());
    }

    @Test
    void doubleFreeUseAfterFreeAndReallocateAfterFreeAreTyped() {
        MemoryBlock block = pool.allocate(64);
        block.close();
        assertFalse(block.isAlive());
        MemoryAccessException e = assertThrows(MemoryAccessException.class, block::close);
        assertTrue(e.getMessage().contains("double free"), e.getMessage());
        assertThrows(MemoryAccessException.class, block::segment);
        assertThrows(MemoryAccessException.class, () -> pool.free(block));
        assertThrows(MemoryAccessException.class, () -> pool.reallocate(block, 10));
        assertEquals(1, pool.stats().frees());
    }

    @Test
    void foreignBlocksAreRefused() {
        try (HybridMemoryPool other = HybridMemoryPool.withDefaults(); MemoryBlock theirs = other.allocate(64)) {
            MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> pool.free(theirs));
            assertTrue(e.getMessage().contains("foreign"), e.getMessage());
            assertThrows(MemoryAccessException.class, () -> pool.reallocate(theirs, 128));
            assertTrue(theirs.isAlive());
        }
        MemoryBlock fake = new MemoryBlock() {
            @Override
            public MemorySegment segment() {
                return Arena.global().allocate(8);
            }

            @Override
            public long size() {
                return 8;
            }

            @Override
            public boolean isAlive() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        assertThrows(MemoryAccessException.class, () -> pool.free(fake));
    }

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(0));
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(-1));
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(Long.MIN_VALUE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.allocate(Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("exceeds"));
        try (MemoryBlock block = pool.allocate(8)) {
            assertThrows(IllegalArgumentException.class, () -> pool.reallocate(block, 0));
            assertThrows(IllegalArgumentException.class, () -> pool.reallocate(block, Long.MAX_VALUE));
            assertTrue(block.isAlive());
        }
    }

    @Test
    void alignmentIsConfigurableUpToAPage() {
        try (HybridMemoryPool paged = HybridMemoryPool.create(new PoolSettings(4096, 64 << 10, 1 << 20, 4 << 20, 0,
                Long.MAX_VALUE, new double[0], bitnet.api.memory.TrackingLevel.BASIC, java.util.Set.of(), 0, 1000,
                false, 10))) {
            for (long bytes : new long[] {1, 5000, 100_000, 5 << 20}) {
                try (MemoryBlock b = paged.allocate(bytes)) {
                    assertEquals(0, b.segment().address() % 4096, "size " + bytes);
                }
            }
        }
    }

    @Test
    void invalidSettingsAreRejectedWithTheirName() {
        PoolSettings d = PoolSettings.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PoolSettings(48,
                d.smallThreshold(), d.slabBytes(), d.largeChunkBytes(), 1, Long.MAX_VALUE, new double[0],
                d.trackingLevel(), d.cleanup(), 0, 1, false, 1));
        assertTrue(e.getMessage().startsWith("alignment"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PoolSettings(64, 64 << 10, 32 << 10,
                d.largeChunkBytes(), 1, Long.MAX_VALUE, new double[0], d.trackingLevel(), d.cleanup(), 0, 1, false,
                1));
        assertTrue(e.getMessage().startsWith("slabBytes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withLimit(0));
        assertTrue(e.getMessage().startsWith("limitBytes"), e.getMessage());
    }
}
