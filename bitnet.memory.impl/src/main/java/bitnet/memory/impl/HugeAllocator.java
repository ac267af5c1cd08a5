package bitnet.memory.impl;

import java.lang.foreign.MemorySegment;

import bitnet.api.memory.SizeClassStats;
import bitnet.api.memory.TrackingLevel;

/** Blocks bigger than a buddy chunk: each has its own system allocation, given back when it is freed. */
final class HugeAllocator implements Allocator {
    private final HybridMemoryPool pool;
    private long allocations;
    private long frees;
    private long live;
    private long granted;
    private long inUse;
    private long peak;

    HugeAllocator(HybridMemoryPool pool) {
        this.pool = pool;
    }

    Lease allocate(long bytes, TrackingLevel level) {
        long size = roundUp(bytes, pool.alignment());
        pool.reserveChunk(size, bytes);
        MemorySegment base;
        try {
            base = pool.provider().reserve(size, pool.alignment());
        } catch (RuntimeException | Error e) {
            pool.unreserveChunk(size);
            throw e;
        }
        synchronized (this) {
            live++;
            granted += size;
            if (level != TrackingLevel.NONE) {
                allocations++;
                inUse += bytes;
                peak = Math.max(peak, inUse);
                pool.addInUse(bytes);
            }
        }
        return new Lease(pool, this, base, 0, 0, bytes, size, base.asSlice(0, bytes), level);
    }

    static long roundUp(long bytes, long alignment) {
        return (bytes + alignment - 1) & -alignment;
    }

    @Override
    public void free(Lease lease) {
        synchronized (this) {
            live--;
            granted -= lease.granted;
            if (lease.level != TrackingLevel.NONE) {
                frees++;
                inUse -= lease.bytes;
                pool.addInUse(-lease.bytes);
            }
        }
        pool.provider().release((MemorySegment) lease.region);
        pool.unreserveChunk(lease.granted);
    }

    @Override
    public MemorySegment memory(Lease lease) {
        return (MemorySegment) lease.region;
    }

    @Override
    public synchronized void resizedInPlace(Lease lease, long delta) {
        if (lease.level != TrackingLevel.NONE) {
            inUse += delta;
            peak = Math.max(peak, inUse);
            pool.addInUse(delta);
        }
    }

    @Override
    public boolean fitsInPlace(Lease lease, long newBytes) {
        return newBytes > pool.settings().largeChunkBytes() && newBytes <= lease.granted
                && newBytes > lease.granted / 2;
    }

    synchronized SizeClassStats stats() {
        return new SizeClassStats("huge", 0, live, inUse, peak, allocations, frees, 0, 0);
    }

    synchronized long granted() {
        return granted;
    }
}
