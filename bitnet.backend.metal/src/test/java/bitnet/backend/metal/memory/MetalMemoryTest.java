package bitnet.backend.metal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.MemoryBlock;
import bitnet.api.tensor.Device;
import bitnet.backend.metal.abi.Binding;
import bitnet.backend.metal.abi.FakeMetal;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.memory.impl.PoolSettings;

/** Device memory through the pool's device-pool SPI, over a fake whose buffers are host memory. */
class MetalMemoryTest {
    private final FakeMetal nat = new FakeMetal();
    private final MetalMemory memory = new MetalMemory(nat, 1, new Device("metal", 0));

    @Test
    void segmentsInsideAChunkFindTheirBufferAndOffset() {
        MemorySegment chunk = memory.reserve(1 << 16, 4096);
        assertEquals(0, chunk.address() % 4096);
        Binding whole = memory.locate(chunk);
        assertEquals(0, whole.offset());
        Binding inner = memory.locate(chunk.asSlice(1000, 24));
        assertEquals(whole.buffer(), inner.buffer());
        assertEquals(1000, inner.offset());
        MemorySegment second = memory.reserve(4096, 16);
        assertEquals(0, memory.locate(second).offset());
        assertEquals(2, memory.chunks());
    }

    @Test
    void foreignOrOverhangingSegmentsAreRefused() {
        MemorySegment chunk = memory.reserve(4096, 16);
        assertThrows(MemoryAccessException.class, () -> memory.locate(chunk.asSlice(4000, 96).reinterpret(200)));
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            assertThrows(MemoryAccessException.class, () -> memory.locate(arena.allocate(16)));
        }
    }

    @Test
    void releasingAChunkFreesTheBufferAndKillsItsSegments() {
        MemorySegment chunk = memory.reserve(4096, 16);
        MemorySegment slice = chunk.asSlice(8, 8);
        memory.release(chunk);
        assertEquals(0, nat.liveBuffers());
        assertThrows(IllegalStateException.class, () -> slice.get(ValueLayout.JAVA_INT, 0));
        assertThrows(MemoryAccessException.class, () -> memory.release(chunk));
    }

    @Test
    void releaseAllFreesWhatThePoolLeft() {
        memory.reserve(4096, 16);
        memory.reserve(8192, 16);
        memory.releaseAll();
        assertEquals(0, nat.liveBuffers());
        assertEquals(0, memory.chunks());
    }

    @Test
    void theHybridPoolOverMetalMemoryHandsOutBindableBlocks() {
        HybridMemoryPool pool = HybridMemoryPool.create(PoolSettings.defaults(), memory);
        try (MemoryBlock a = pool.allocate(100); MemoryBlock b = pool.allocate(3000)) {
            Binding ba = memory.locate(a.segment());
            Binding bb = memory.locate(b.segment());
            assertEquals(a.segment().address(), nat.memory(ba).address());
            assertEquals(b.segment().address(), nat.memory(bb).address());
            DeviceBlock block = DeviceAllocator.pooled(pool, memory).allocate(0);
            assertEquals(0, block.segment().byteSize(), "an empty slot still binds a real buffer");
            memory.locate(block.segment());
            block.close();
        }
        pool.close();
        assertEquals(0, nat.liveBuffers(), "closing the pool gives every chunk back");
    }

    @Test
    void directBlocksAreOneBufferEach() {
        DeviceAllocator direct = DeviceAllocator.direct(memory);
        DeviceBlock a = direct.allocate(10);
        DeviceBlock b = direct.allocate(0);
        assertEquals(2, nat.liveBuffers());
        assertEquals(10, a.segment().byteSize());
        a.close();
        b.close();
        assertEquals(0, nat.liveBuffers());
    }
}
