package bitnet.memory.impl;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.MemoryBlock;

/** A block handed out by {@link SimpleMemoryPool}: a slice of a cached backing segment. */
final class PooledBlock implements MemoryBlock {
    private final SimpleMemoryPool pool;
    private final SimpleMemoryPool.Backing backing;
    private final MemorySegment segment;
    private final AtomicBoolean alive = new AtomicBoolean(true);

    PooledBlock(SimpleMemoryPool pool, SimpleMemoryPool.Backing backing, long bytes) {
        this.pool = pool;
        this.backing = backing;
        this.segment = backing.segment().asSlice(0, bytes);
    }

    @Override
    public MemorySegment segment() {
        if (!alive.get()) {
            throw new MemoryAccessException("use after free: block of " + segment.byteSize() + " bytes from pool '"
                    + pool.name() + "' was already freed");
        }
        return segment;
    }

    @Override
    public long size() {
        return segment.byteSize();
    }

    @Override
    public boolean isAlive() {
        return alive.get();
    }

    @Override
    public void close() {
        if (!alive.compareAndSet(true, false)) {
            throw new MemoryAccessException("double free: block of " + segment.byteSize() + " bytes from pool '"
                    + pool.name() + "' was already freed");
        }
        pool.release(backing, segment.byteSize());
    }
}
