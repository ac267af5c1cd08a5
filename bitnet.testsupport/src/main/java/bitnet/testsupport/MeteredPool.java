package bitnet.testsupport;

import java.util.List;

import bitnet.api.memory.LeakReport;
import bitnet.api.memory.MemoryBlock;
import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.PoolMetrics;
import bitnet.api.memory.PoolStats;
import bitnet.api.tensor.Device;

/**
 * A pool that counts the bytes asked of it since the last {@link #reset()}, so a fuzz target can bound what one
 * input makes the code under test (a reader, a loader) allocate; everything else goes to the pool it wraps.
 * The count is not synchronized: use it from one thread at a time, as a fuzz target does.
 */
public final class MeteredPool implements MemoryPool {
    private final MemoryPool pool;
    private long requested;

    /** @param pool the pool that serves every call; not null, not owned (closing it stays the caller's job) */
    public MeteredPool(MemoryPool pool) {
        this.pool = pool;
    }

    /** @return bytes asked for since the last reset, granted or refused */
    public long requested() {
        return requested;
    }

    /** Starts counting again from 0. */
    public void reset() {
        requested = 0;
    }

    @Override
    public String name() {
        return pool.name();
    }

    @Override
    public Device device() {
        return pool.device();
    }

    @Override
    public long alignment() {
        return pool.alignment();
    }

    @Override
    public MemoryBlock allocate(long bytes) {
        requested += bytes;
        return pool.allocate(bytes);
    }

    @Override
    public MemoryBlock allocateZeroed(long bytes) {
        requested += bytes;
        return pool.allocateZeroed(bytes);
    }

    @Override
    public PoolStats stats() {
        return pool.stats();
    }

    @Override
    public PoolMetrics metrics() {
        return pool.metrics();
    }

    @Override
    public List<LeakReport> leaks() {
        return pool.leaks();
    }
}
