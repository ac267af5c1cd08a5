package bitnet.memory.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

import bitnet.api.memory.DeviceMemoryProvider;
import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.tensor.Device;

class DeviceMemoryProviderTest {

    /** A stand-in for a GPU's memory: host chunks, counted. */
    private static final class FakeDevice implements DeviceMemoryProvider {
        final ArenaMemoryProvider host = new ArenaMemoryProvider();
        int reserves;
        int releases;
        boolean full;

        @Override
        public Device device() {
            return new Device("fakegpu", 1);
        }

        @Override
        public MemorySegment reserve(long bytes, long alignment) {
            if (full) {
                throw new OutOfPoolMemoryException("fakegpu:1 is out of memory");
            }
            reserves++;
            return host.reserve(bytes, alignment);
        }

        @Override
        public void release(MemorySegment chunk) {
            releases++;
            host.release(chunk);
        }
    }

    @Test
    void aDevicePoolTakesWholeChunksFromItsProviderAndGivesThemBack() {
        FakeDevice gpu = new FakeDevice();
        try (HybridMemoryPool pool = HybridMemoryPool.create(PoolSettings.defaults(), gpu)) {
            assertEquals("fakegpu:1", pool.name());
            assertEquals(new Device("fakegpu", 1), pool.device());
            for (int i = 0; i < 100; i++) {
                pool.allocate(1000).close();
            }
            pool.allocate(40 << 20).close();
            assertEquals(2, gpu.reserves);
            assertEquals(1, gpu.releases);
            gpu.full = true;
            assertThrows(OutOfPoolMemoryException.class, () -> pool.allocate(1 << 20));
            assertEquals(1 << 20, pool.stats().bytesReserved());
        }
        assertEquals(2, gpu.releases);
        assertEquals(0, gpu.host.chunks());
    }

    @Test
    void releasingAForeignChunkIsRefused() {
        ArenaMemoryProvider host = new ArenaMemoryProvider();
        MemorySegment chunk = host.reserve(4096, 64);
        host.release(chunk);
        assertThrows(MemoryAccessException.class, () -> host.release(chunk));
        assertThrows(MemoryAccessException.class, () -> host.release(MemorySegment.ofArray(new byte[8])));
    }

    @Test
    void blocksOfADevicePoolAreForeignToTheCpuPool() {
        try (HybridMemoryPool gpu = HybridMemoryPool.create(PoolSettings.defaults(), new FakeDevice());
                HybridMemoryPool cpu = HybridMemoryPool.withDefaults()) {
            MemoryBlock block = gpu.allocate(64);
            assertThrows(MemoryAccessException.class, () -> cpu.free(block));
            gpu.free(block);
        }
    }
}
