package bitnet.api.memory;

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
}
