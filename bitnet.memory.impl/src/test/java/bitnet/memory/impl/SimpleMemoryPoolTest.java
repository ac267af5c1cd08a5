package bitnet.memory.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.PoolStats;

class SimpleMemoryPoolTest {

    private final SimpleMemoryPool pool = SimpleMemoryPool.withDefaults();

    @Test
    void blocksAreAlignedAndSizedAsAsked() {
        try (MemoryBlock block = pool.allocate(100)) {
            assertEquals(100, block.size());
            assertEquals(0, block.segment().address() % 64);
            block.segment().set(ValueLayout.JAVA_INT, 96, 7);
            assertEquals(7, block.segment().get(ValueLayout.JAVA_INT, 96));
        }
    }

    @Test
    void freedBlocksAreReusedAndCounted() {
        pool.allocate(1000).close();
        pool.allocate(900).close();
        PoolStats stats = pool.stats();
        assertEquals(2, stats.allocations());
        assertEquals(2, stats.frees());
        assertEquals(1, stats.reuseHits());
        assertEquals(0, stats.bytesInUse());
        assertEquals(1000, stats.peakBytesInUse());
    }

    @Test
    void zeroedBlocksAreZeroEvenWhenReused() {
        MemoryBlock dirty = pool.allocate(256);
        dirty.segment().fill((byte) 0x5a);
        dirty.close();
        try (MemoryBlock block = pool.allocateZeroed(256)) {
            for (long i = 0; i < 256; i++) {
                assertEquals(0, block.segment().get(ValueLayout.JAVA_BYTE, i));
            }
        }
    }

    @Test
    void doubleFreeAndUseAfterFreeAreTyped() {
        MemoryBlock block = pool.allocate(64);
        block.close();
        assertFalse(block.isAlive());
        assertThrows(MemoryAccessException.class, block::close);
        assertThrows(MemoryAccessException.class, block::segment);
    }

    @Test
    void badSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(0));
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.allocate(Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("exceeds"));
    }
}
