package bitnet.api.memory;

import java.lang.foreign.MemorySegment;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.tensor.Device;

/**
 * A pool of native memory for one device, registered as a service with the {@link #DEVICE_PROPERTY} property.
 * Tensors take their bytes from the pool of their device. Implementations are thread-safe.
 */
@ProviderType
public interface MemoryPool {

    /** Service property naming the device kind the pool serves ({@code "cpu"}). */
    String DEVICE_PROPERTY = "bitnet.memory.device";

    /** @return the pool's name, for statistics and the shell */
    String name();

    /** @return the device this pool's memory belongs to */
    Device device();

    /** @return the default alignment of blocks, in bytes (a power of two) */
    long alignment();

    /**
     * Allocates a block aligned to {@link #alignment()}. Its contents are unspecified.
     *
     * @param bytes size in bytes, at least 1
     * @return a block owned by the caller, who must close it exactly once
     * @throws IllegalArgumentException if {@code bytes} is zero, negative or too large to represent
     * @throws OutOfPoolMemoryException if the pool's limit would be exceeded
     */
    MemoryBlock allocate(long bytes);

    /**
     * Allocates a block of zeros.
     *
     * @param bytes size in bytes, at least 1
     * @return a zeroed block owned by the caller
     * @throws IllegalArgumentException if {@code bytes} is zero, negative or too large to represent
     * @throws OutOfPoolMemoryException if the pool's limit would be exceeded
     */
    MemoryBlock allocateZeroed(long bytes);

    /** @return a consistent snapshot of the pool's counters */
    PoolStats stats();

    /**
     * Resizes a block, like C's {@code realloc}. The first {@code min(old size, newBytes)} bytes are kept; bytes
     * beyond them are unspecified. The old block is dead afterwards, whether or not the memory moved: its
     * {@link MemoryBlock#segment()} and {@link MemoryBlock#close()} throw.
     * <p>
     * The default allocates, copies and frees; pools override it to resize in place where they can.
     *
     * @param block a live block of this pool, owned by the caller
     * @param newBytes the new size in bytes, at least 1
     * @return the resized block, owned by the caller
     * @throws IllegalArgumentException if {@code newBytes} is zero, negative or too large to represent
     * @throws MemoryAccessException if the block is already freed or belongs to another pool
     * @throws OutOfPoolMemoryException if the pool's limit would be exceeded; the old block then stays alive
     */
    default MemoryBlock reallocate(MemoryBlock block, long newBytes) {
        MemoryBlock grown = allocate(newBytes);
        MemorySegment.copy(block.segment(), 0, grown.segment(), 0, Math.min(block.size(), newBytes));
        block.close();
        return grown;
    }

    /**
     * Frees a block, checking that it belongs to this pool. Same as {@link MemoryBlock#close()} otherwise.
     *
     * @param block a live block of this pool
     * @throws MemoryAccessException if the block is already freed or belongs to another pool (a foreign block)
     */
    default void free(MemoryBlock block) {
        block.close();
    }

    /**
     * @return a snapshot of the pool's totals, size classes and fragmentation; the default holds the totals only
     */
    default PoolMetrics metrics() {
        return new PoolMetrics(stats(), TrackingLevel.NONE, 0, 0, 0, 0, 0, List.of());
    }

    /**
     * @return the most recent leaks the pool detected, oldest first (a bounded history); empty when the pool does
     *         not detect leaks
     */
    default List<LeakReport> leaks() {
        return List.of();
    }
}
