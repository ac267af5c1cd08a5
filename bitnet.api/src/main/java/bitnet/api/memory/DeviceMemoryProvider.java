package bitnet.api.memory;

import java.lang.foreign.MemorySegment;

import org.osgi.annotation.versioning.ProviderType;

import bitnet.api.tensor.Device;

/**
 * The memory of one device, in large chunks. A backend whose device has its own memory (a GPU) registers this as
 * a service; the memory bundle then builds a {@link MemoryPool} over it, with the same size classes, limits,
 * tracking and leak detection as the CPU pool, and registers it with {@link MemoryPool#DEVICE_PROPERTY} set to
 * the device's kind. Implementations are thread-safe; the pool calls them rarely, when it needs or gives back
 * a whole chunk.
 */
@ProviderType
public interface DeviceMemoryProvider {

    /** @return the device whose memory this is; its kind names the pool's device */
    Device device();

    /**
     * Reserves a chunk of device memory.
     *
     * @param bytes the chunk's size, a positive multiple of {@code alignment}
     * @param alignment the alignment of the chunk's address, a power of two
     * @return a segment of exactly {@code bytes} bytes, owned by the pool until it hands it to
     *         {@link #release(MemorySegment)}
     * @throws OutOfPoolMemoryException if the device cannot provide the memory
     */
    MemorySegment reserve(long bytes, long alignment);

    /**
     * Gives a chunk back to the device. Any segment derived from it must become unusable (throw) rather than reach
     * memory that is no longer the pool's.
     *
     * @param chunk a segment returned by {@link #reserve(long, long)} and not yet released
     * @throws MemoryAccessException if the segment did not come from this provider or was already released
     */
    void release(MemorySegment chunk);
}
