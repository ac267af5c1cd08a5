package bitnet.api.memory;

import java.lang.foreign.MemorySegment;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A block of pooled native memory. Closing it returns the memory to its pool; after that, {@link #segment()}
 * throws and the memory may be handed to someone else.
 */
@ProviderType
public interface MemoryBlock extends AutoCloseable {

    /**
     * @return the block's memory, exactly {@link #size()} bytes; valid until {@link #close()}
     * @throws MemoryAccessException if the block was already freed (use after free)
     */
    MemorySegment segment();

    /** @return the size requested, in bytes */
    long size();

    /** @return false once the block has been closed */
    boolean isAlive();

    /**
     * Returns the memory to the pool.
     *
     * @throws MemoryAccessException if the block was already freed (double free)
     */
    @Override
    void close();
}
