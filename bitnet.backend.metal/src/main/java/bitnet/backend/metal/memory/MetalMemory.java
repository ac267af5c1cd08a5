package bitnet.backend.metal.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import bitnet.api.memory.DeviceMemoryProvider;
import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.tensor.Device;
import bitnet.backend.metal.abi.Binding;
import bitnet.backend.metal.abi.MetalNative;
import bitnet.backend.metal.abi.NativeBuffer;

/**
 * Metal device memory for the pool's device-pool SPI: each chunk is one shared-storage {@code MTLBuffer}, and the
 * segment handed to the pool is the buffer's CPU view (Apple silicon has unified memory, so the host copies
 * operands in and results out with plain segment copies). {@link #locate} maps any segment inside a chunk back to
 * its buffer and byte offset, which is what a kernel binding needs.
 *
 * <p>Each chunk's segment belongs to its own shared arena; releasing the chunk closes the arena first, so any
 * segment sliced from it throws instead of reaching a freed buffer. Thread-safe.
 */
public final class MetalMemory implements DeviceMemoryProvider {
    private final MetalNative nat;
    private final long context;
    private final Device device;
    private final ConcurrentSkipListMap<Long, Chunk> chunks = new ConcurrentSkipListMap<>();

    private record Chunk(long buffer, long bytes, Arena arena) {
    }

    /**
     * @param nat the native calls
     * @param context the {@code bm_context*} the buffers belong to
     * @param device the device, kind {@code "metal"}
     */
    public MetalMemory(MetalNative nat, long context, Device device) {
        this.nat = nat;
        this.context = context;
        this.device = device;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public MemorySegment reserve(long bytes, long alignment) {
        if (bytes < 1 || alignment < 1 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("need a positive size and a power-of-two alignment, got " + bytes
                    + " bytes aligned to " + alignment);
        }
        NativeBuffer buffer = nat.newBuffer(context, bytes);
        if (buffer.contents() % alignment != 0) {
            nat.freeBuffer(buffer.handle());
            throw new OutOfPoolMemoryException("metal: buffer contents at 0x" + Long.toHexString(buffer.contents())
                    + " are not aligned to " + alignment + " bytes");
        }
        Arena arena = Arena.ofShared();
        MemorySegment segment = MemorySegment.ofAddress(buffer.contents()).reinterpret(bytes, arena, null);
        chunks.put(buffer.contents(), new Chunk(buffer.handle(), bytes, arena));
        return segment;
    }

    @Override
    public void release(MemorySegment chunk) {
        Chunk c = chunks.remove(chunk.address());
        if (c == null) {
            throw new MemoryAccessException("metal: chunk at 0x" + Long.toHexString(chunk.address())
                    + " was not reserved here or was already released");
        }
        c.arena().close();
        nat.freeBuffer(c.buffer());
    }

    /**
     * @param segment a segment inside a live chunk (a pool block or a slice of one)
     * @return the chunk's buffer and the segment's byte offset in it
     * @throws MemoryAccessException if the segment is not inside a live chunk of this provider
     */
    public Binding locate(MemorySegment segment) {
        long address = segment.address();
        Map.Entry<Long, Chunk> e = chunks.floorEntry(address);
        if (e == null || address + segment.byteSize() > e.getKey() + e.getValue().bytes()) {
            throw new MemoryAccessException("metal: segment at 0x" + Long.toHexString(address) + " (" + segment.byteSize()
                    + " bytes) is not inside a Metal buffer of this backend");
        }
        return new Binding(e.getValue().buffer(), address - e.getKey());
    }

    /** @return chunks reserved and not released */
    public int chunks() {
        return chunks.size();
    }

    /** Releases every chunk still reserved; called after the calls in flight drained and the pool went away. */
    public void releaseAll() {
        for (Long address : chunks.keySet()) {
            Chunk c = chunks.remove(address);
            if (c != null) {
                c.arena().close();
                nat.freeBuffer(c.buffer());
            }
        }
    }
}
