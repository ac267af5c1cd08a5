package bitnet.backend.metal.memory;

import java.lang.foreign.MemorySegment;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.MemoryPool;
import bitnet.backend.metal.abi.Binding;

/**
 * Where a call's device buffers come from: the pool the memory bundle builds over {@link MetalMemory} (size
 * classes, limits, statistics, leak tracking) when it is registered, else a buffer per block straight from the
 * device.
 */
@FunctionalInterface
public interface DeviceAllocator {
    /** Smallest block handed out: Metal cannot bind an empty buffer, and kernels may bind unused slots. */
    long MIN_BYTES = 16;

    /**
     * @param bytes size, 0 allowed (the device block is at least {@link #MIN_BYTES})
     * @return a block owned by the caller
     */
    DeviceBlock allocate(long bytes);

    /**
     * @param pool the Metal pool (its segments are inside {@code memory}'s chunks)
     * @param memory the provider under the pool
     * @return blocks from the pool
     */
    static DeviceAllocator pooled(MemoryPool pool, MetalMemory memory) {
        return bytes -> {
            MemoryBlock block = pool.allocate(Math.max(bytes, MIN_BYTES));
            try {
                return new Block(block.segment().asSlice(0, bytes), memory.locate(block.segment()), block::close);
            } catch (RuntimeException e) {
                block.close();
                throw e;
            }
        };
    }

    /**
     * @param memory the provider
     * @return one device buffer per block, released on close
     */
    static DeviceAllocator direct(MetalMemory memory) {
        return bytes -> {
            MemorySegment chunk = memory.reserve(Math.max(bytes, MIN_BYTES), MIN_BYTES);
            return new Block(chunk.asSlice(0, bytes), memory.locate(chunk), () -> memory.release(chunk));
        };
    }

    /**
     * A block and how to give it back.
     *
     * @param segment the CPU view
     * @param binding the buffer and offset
     * @param closer gives the memory back
     */
    record Block(MemorySegment segment, Binding binding, Runnable closer) implements DeviceBlock {
        @Override
        public void close() {
            closer.run();
        }
    }
}
