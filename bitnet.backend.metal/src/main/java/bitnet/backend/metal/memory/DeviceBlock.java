package bitnet.backend.metal.memory;

import java.lang.foreign.MemorySegment;

import bitnet.backend.metal.abi.Binding;

/** A device buffer region for one call: its CPU view and its binding. Closing gives it back. Not thread-safe. */
public interface DeviceBlock extends AutoCloseable {

    /** @return the CPU view, exactly the requested size */
    MemorySegment segment();

    /** @return the buffer and offset to bind */
    Binding binding();

    @Override
    void close();
}
