package bitnet.memory.impl;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import bitnet.api.memory.SizeClassStats;
import bitnet.api.memory.TrackingLevel;

/**
 * Large blocks: a binary buddy allocator over chunks. A block of order k is {@code minBlock << k} bytes; a request
 * takes the smallest free block that fits across all chunks and splits it, and a freed block merges with its free
 * buddy up to a whole chunk. One lock: large blocks are rarer and dearer than the lock.
 */
final class BuddyAllocator implements Allocator {
    private final HybridMemoryPool pool;
    private final long chunkBytes;
    private final int minShift;
    private final int maxOrder;
    private final List<BuddyChunk> chunks = new ArrayList<>();
    private final long[] allocations;
    private final long[] frees;
    private final long[] hits;
    private final long[] live;
    private final long[] inUse;
    private final long[] peak;

    BuddyAllocator(HybridMemoryPool pool, long minBlock, long chunkBytes) {
        this.pool = pool;
        this.chunkBytes = chunkBytes;
        this.minShift = Long.numberOfTrailingZeros(minBlock);
        this.maxOrder = Long.numberOfTrailingZeros(chunkBytes) - minShift;
        int orders = maxOrder + 1;
        allocations = new long[orders];
        frees = new long[orders];
        hits = new long[orders];
        live = new long[orders];
        inUse = new long[orders];
        peak = new long[orders];
    }

    int orderFor(long bytes) {
        int shift = 64 - Long.numberOfLeadingZeros(bytes - 1);
        return Math.max(0, shift - minShift);
    }

    Lease allocate(long bytes, TrackingLevel level) {
        int order = orderFor(bytes);
        synchronized (this) {
            Lease lease = take(order, bytes, level, true);
            if (lease != null) {
                return lease;
            }
        }
        pool.reserveChunk(chunkBytes, bytes);
        MemorySegment base;
        try {
            base = pool.provider().reserve(chunkBytes, pool.alignment());
        } catch (RuntimeException | Error e) {
            pool.unreserveChunk(chunkBytes);
            throw e;
        }
        synchronized (this) {
            chunks.add(new BuddyChunk(base, maxOrder, System.nanoTime()));
            return take(order, bytes, level, false);
        }
    }

    private Lease take(int order, long bytes, TrackingLevel level, boolean reused) {
        for (int j = order; j <= maxOrder; j++) {
            for (BuddyChunk chunk : chunks) {
                int idx = chunk.free[j].nextSetBit(0);
                if (idx < 0) {
                    continue;
                }
                chunk.free[j].clear(idx);
                for (int k = j; k > order; k--) {
                    idx <<= 1;
                    chunk.free[k - 1].set(idx + 1);
                }
                chunk.emptySince = 0;
                account(order, bytes, level, reused);
                long granted = 1L << (minShift + order);
                return new Lease(pool, this, chunk, idx, order, bytes, granted,
                        chunk.base.asSlice(idx * granted, bytes), level);
            }
        }
        return null;
    }

    private void account(int order, long bytes, TrackingLevel level, boolean reused) {
        live[order]++;
        if (level != TrackingLevel.NONE) {
            allocations[order]++;
            hits[order] += reused ? 1 : 0;
            inUse[order] += bytes;
            peak[order] = Math.max(peak[order], inUse[order]);
            pool.addInUse(bytes);
        }
    }

    @Override
    public void free(Lease lease) {
        MemorySegment drop = null;
        synchronized (this) {
            BuddyChunk chunk = (BuddyChunk) lease.region;
            int k = lease.order;
            int idx = (int) lease.position;
            live[k]--;
            if (lease.level != TrackingLevel.NONE) {
                frees[k]++;
                inUse[k] -= lease.bytes;
                pool.addInUse(-lease.bytes);
            }
            while (k < maxOrder && chunk.free[k].get(idx ^ 1)) {
                chunk.free[k].clear(idx ^ 1);
                idx >>= 1;
                k++;
            }
            chunk.free[k].set(idx);
            if (k == maxOrder) {
                chunk.emptySince = System.nanoTime();
                if (emptyChunks() > pool.settings().emptyLargeChunksKept()) {
                    chunks.remove(chunk);
                    drop = chunk.base;
                }
            }
        }
        if (drop != null) {
            pool.provider().release(drop);
            pool.unreserveChunk(chunkBytes);
        }
    }

    private int emptyChunks() {
        int n = 0;
        for (BuddyChunk c : chunks) {
            n += c.isEmpty() ? 1 : 0;
        }
        return n;
    }

    @Override
    public MemorySegment memory(Lease lease) {
        return ((BuddyChunk) lease.region).base.asSlice(lease.position * lease.granted, lease.granted);
    }

    @Override
    public synchronized void resizedInPlace(Lease lease, long delta) {
        if (lease.level != TrackingLevel.NONE) {
            inUse[lease.order] += delta;
            peak[lease.order] = Math.max(peak[lease.order], inUse[lease.order]);
            pool.addInUse(delta);
        }
    }

    @Override
    public boolean fitsInPlace(Lease lease, long newBytes) {
        return newBytes > pool.settings().smallThreshold() && newBytes <= chunkBytes
                && orderFor(newBytes) == lease.order;
    }

    /** Releases chunks that have been empty for {@code idleNanos} (0: all empty ones); returns the bytes. */
    long releaseEmpty(long idleNanos, long now) {
        List<MemorySegment> released = new ArrayList<>();
        synchronized (this) {
            for (var it = chunks.iterator(); it.hasNext();) {
                BuddyChunk c = it.next();
                if (c.isEmpty() && (idleNanos == 0 || now - c.emptySince >= idleNanos)) {
                    it.remove();
                    released.add(c.base);
                }
            }
        }
        for (MemorySegment base : released) {
            pool.provider().release(base);
            pool.unreserveChunk(chunkBytes);
        }
        return released.size() * chunkBytes;
    }

    /** @return one row per order, smallest first */
    synchronized List<SizeClassStats> stats() {
        List<SizeClassStats> rows = new ArrayList<>(maxOrder + 1);
        for (int k = 0; k <= maxOrder; k++) {
            long cached = 0;
            for (BuddyChunk c : chunks) {
                cached += c.free[k].cardinality();
            }
            long size = 1L << (minShift + k);
            rows.add(new SizeClassStats("large", size, live[k], inUse[k], peak[k], allocations[k], frees[k], hits[k],
                    cached * size));
        }
        return rows;
    }

    /** @return {largest free block, all free bytes, granted bytes} over every chunk */
    synchronized long[] freeSummary() {
        long largest = 0;
        long total = 0;
        for (BuddyChunk c : chunks) {
            for (int k = 0; k <= maxOrder; k++) {
                int n = c.free[k].cardinality();
                if (n > 0) {
                    long size = 1L << (minShift + k);
                    largest = Math.max(largest, size);
                    total += n * size;
                }
            }
        }
        return new long[] {largest, total, chunks.size() * chunkBytes - total};
    }

    /**
     * Checks that no two free blocks overlap and that no free block has a free buddy left unmerged.
     *
     * @return the bytes granted to live blocks
     * @throws IllegalStateException if a bitmap is broken
     */
    synchronized long checkInvariants() {
        long granted = 0;
        for (BuddyChunk c : chunks) {
            long freeBytes = 0;
            for (int k = 0; k <= maxOrder; k++) {
                for (int i = c.free[k].nextSetBit(0); i >= 0; i = c.free[k].nextSetBit(i + 1)) {
                    if (k < maxOrder && c.free[k].get(i ^ 1)) {
                        throw new IllegalStateException("buddies " + i + " and " + (i ^ 1) + " of order " + k
                                + " are both free but not merged");
                    }
                    for (int up = k + 1, j = i >> 1; up <= maxOrder; up++, j >>= 1) {
                        if (c.free[up].get(j)) {
                            throw new IllegalStateException("free block " + i + " of order " + k
                                    + " lies inside free block " + j + " of order " + up);
                        }
                    }
                    freeBytes += 1L << (minShift + k);
                }
            }
            granted += chunkBytes - freeBytes;
        }
        long liveBytes = 0;
        for (int k = 0; k <= maxOrder; k++) {
            liveBytes += live[k] << (minShift + k);
        }
        if (liveBytes != granted) {
            throw new IllegalStateException("buddy chunks grant " + granted + " bytes but live blocks hold "
                    + liveBytes);
        }
        return granted;
    }

    synchronized int chunkCount() {
        return chunks.size();
    }
}
