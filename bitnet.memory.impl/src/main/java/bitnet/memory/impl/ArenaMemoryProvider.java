package bitnet.memory.impl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;

import bitnet.api.memory.DeviceMemoryProvider;
import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.tensor.Device;

/**
 * Host memory for the CPU pool: each chunk has its own shared arena, so releasing a chunk gives it back to the
 * system at once and makes every segment sliced from it throw instead of reaching freed memory.
 */
public final class ArenaMemoryProvider implements DeviceMemoryProvider {
    private final ConcurrentHashMap<Long, Arena> arenas = new ConcurrentHashMap<>();

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public MemorySegment reserve(long bytes, long alignment) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment chunk = arena.allocate(bytes, alignment);
            arenas.put(chunk.address(), arena);
            return chunk;
        } catch (OutOfMemoryError e) {
            arena.close();
            throw new OutOfPoolMemoryException("the system refused " + bytes + " bytes of native memory: "
                    + e.getMessage());
        }
    }

    @Override
    public void release(MemorySegment chunk) {
        Arena arena = arenas.remove(chunk.address());
        if (arena == null) {
            throw new MemoryAccessException("chunk at 0x" + Long.toHexString(chunk.address())
                    + " was not reserved here or was already released");
        }
        arena.close();
    }

    /** @return chunks reserved and not yet released */
    public int chunks() {
        return arenas.size();
    }
}
