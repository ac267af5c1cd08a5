package bitnet.memory.impl;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import bitnet.api.memory.SizeClassStats;
import bitnet.api.memory.TrackingLevel;

/**
 * Blocks of one small size class, carved from slabs. Allocate and free pop and push a striped free list: O(1),
 * and two threads on different stripes never share a lock. An empty stripe steals half of another's entries
 * before a new slab is carved.
 */
final class SizeClass implements Allocator {
    private final HybridMemoryPool pool;
    final long blockBytes;
    private final long slabBytes;
    private final int slotsPerSlab;
    private final Stripe[] stripes;
    private final int mask;
    private volatile Slab[] slabs = new Slab[4];
    /** Requested bytes in use folded in from the stripes, and their peak, for blocks tracked at BASIC or above. */
    final AtomicLong inUse = new AtomicLong();
    final AtomicLong peak = new AtomicLong();

    SizeClass(HybridMemoryPool pool, long blockBytes, long slabBytes, int stripeCount) {
        this.pool = pool;
        this.blockBytes = blockBytes;
        this.slabBytes = slabBytes;
        this.slotsPerSlab = (int) (slabBytes / blockBytes);
        this.stripes = new Stripe[stripeCount];
        for (int i = 0; i < stripeCount; i++) {
            stripes[i] = new Stripe(i, this);
        }
        this.mask = stripeCount - 1;
    }

    Lease allocate(long bytes, TrackingLevel level) {
        boolean count = level != TrackingLevel.NONE;
        Stripe home = stripes[stripeOf(mask)];
        long entry = home.pop(count, bytes);
        if (entry == Stripe.EMPTY) {
            entry = refill(home, bytes, count);
        }
        Slab slab = slabs[(int) (entry >>> 32)];
        long offset = (entry & 0xFFFF_FFFFL) * blockBytes;
        return new Lease(pool, this, slab, entry, 0, bytes, blockBytes, slab.base.asSlice(offset, bytes), level);
    }

    @Override
    public void free(Lease lease) {
        stripes[stripeOf(mask)].push(lease.position, lease.level != TrackingLevel.NONE, lease.bytes);
    }

    /** Adds a stripe's counted bytes to the shared counters. */
    void fold(long delta) {
        HybridMemoryPool.addAndRaisePeak(inUse, peak, delta);
        pool.addInUse(delta);
    }

    long poolInUse() {
        return pool.foldedInUse();
    }

    @Override
    public MemorySegment memory(Lease lease) {
        return ((Slab) lease.region).base.asSlice((lease.position & 0xFFFF_FFFFL) * blockBytes, blockBytes);
    }

    @Override
    public void resizedInPlace(Lease lease, long delta) {
        if (lease.level != TrackingLevel.NONE) {
            fold(delta);
        }
    }

    @Override
    public boolean fitsInPlace(Lease lease, long newBytes) {
        return pool.small().classFor(newBytes) == this;
    }

    private static int stripeOf(int mask) {
        return ThreadNumber.current() & mask;
    }

    private long refill(Stripe home, long bytes, boolean count) {
        for (int i = 1; i < stripes.length; i++) {
            Stripe other = stripes[(home.index + i) & mask];
            long entry = steal(home, other, count, bytes);
            if (entry != Stripe.EMPTY) {
                return entry;
            }
        }
        // Reserve outside every lock: hitting the limit runs a cleanup that takes the class locks.
        pool.reserveChunk(slabBytes, bytes);
        MemorySegment base;
        try {
            base = pool.provider().reserve(slabBytes, pool.alignment());
        } catch (RuntimeException | Error e) {
            pool.unreserveChunk(slabBytes);
            throw e;
        }
        return home.carved(register(base), slotsPerSlab, count, bytes);
    }

    private static long steal(Stripe home, Stripe other, boolean count, long bytes) {
        // Fixed lock order by stripe index, so two threads stealing from each other cannot deadlock.
        Stripe first = home.index < other.index ? home : other;
        Stripe second = first == home ? other : home;
        first.lock();
        second.lock();
        try {
            return home.stealFrom(other, count, bytes);
        } finally {
            second.unlock();
            first.unlock();
        }
    }

    private synchronized int register(MemorySegment base) {
        Slab[] table = slabs;
        int id = 0;
        while (id < table.length && table[id] != null) {
            id++;
        }
        if (id == table.length) {
            table = Arrays.copyOf(table, table.length * 2);
        }
        table[id] = new Slab(id, base);
        slabs = table;
        return id;
    }

    /**
     * Releases slabs whose slots are all free and were already all free {@code idleNanos} ago (0: now).
     *
     * @return the bytes given back to the system
     */
    long releaseEmpty(long idleNanos, long now) {
        List<MemorySegment> released = new ArrayList<>();
        synchronized (this) {
            lockAll();
            try {
                collect(idleNanos, now, released);
            } finally {
                unlockAll();
            }
        }
        for (MemorySegment base : released) {
            pool.provider().release(base);
            pool.unreserveChunk(slabBytes);
        }
        return released.size() * slabBytes;
    }

    /** Locks every stripe in index order, the order {@link #steal} uses too. */
    private void lockAll() {
        for (Stripe s : stripes) {
            s.lock();
        }
    }

    private void unlockAll() {
        for (int i = stripes.length - 1; i >= 0; i--) {
            stripes[i].unlock();
        }
    }

    private void collect(long idleNanos, long now, List<MemorySegment> released) {
        Slab[] table = slabs;
        int[] free = freePerSlab(table);
        boolean[] gone = new boolean[table.length];
        boolean any = false;
        for (Slab slab : table) {
            if (slab == null) {
                continue;
            }
            if (free[slab.id] < slotsPerSlab) {
                slab.emptySince = 0;
                continue;
            }
            if (slab.emptySince == 0) {
                slab.emptySince = now;
            }
            if (idleNanos == 0 || now - slab.emptySince >= idleNanos) {
                gone[slab.id] = true;
                any = true;
                released.add(slab.base);
                table[slab.id] = null;
            }
        }
        if (any) {
            for (Stripe s : stripes) {
                s.removeSlabs(gone);
            }
        }
    }

    private int[] freePerSlab(Slab[] table) {
        int[] free = new int[table.length];
        for (Stripe s : stripes) {
            for (int k = 0; k < s.top; k++) {
                free[(int) (s.free[k] >>> 32)]++;
            }
        }
        return free;
    }

    /** @return this class's counters; block counts are exact, the rest as the tracking level allowed */
    SizeClassStats stats() {
        long allocations = 0;
        long hits = 0;
        long frees = 0;
        long freeSlots = 0;
        long bytes;
        long highest;
        int slabCount;
        synchronized (this) {
            slabCount = slabCount();
            lockAll();
            try {
                bytes = inUse.get();
                highest = peak.get();
                for (Stripe s : stripes) {
                    allocations += s.allocations;
                    hits += s.hits;
                    frees += s.frees;
                    freeSlots += s.top;
                    bytes += s.delta;
                    highest = Math.max(highest, s.classPeak);
                }
            } finally {
                unlockAll();
            }
        }
        long blocks = (long) slabCount * slotsPerSlab - freeSlots;
        return new SizeClassStats("small", blockBytes, blocks, bytes, Math.max(highest, bytes), allocations, frees,
                hits, freeSlots * blockBytes);
    }

    /** @return the highest pool-wide bytes in use any stripe of this class has seen */
    long poolPeakSeen() {
        long highest = 0;
        lockAll();
        try {
            for (Stripe s : stripes) {
                highest = Math.max(highest, s.poolPeak);
            }
        } finally {
            unlockAll();
        }
        return highest;
    }

    /** @return slabs currently held, for invariant checks */
    synchronized int slabCount() {
        int n = 0;
        for (Slab s : slabs) {
            n += s == null ? 0 : 1;
        }
        return n;
    }

    /**
     * Checks that every free entry names a slot of a held slab and no slot is listed free twice.
     *
     * @return the slots in use
     * @throws IllegalStateException if the free lists are broken
     */
    long checkInvariants() {
        synchronized (this) {
            lockAll();
            try {
                return check();
            } finally {
                unlockAll();
            }
        }
    }

    private long check() {
        Slab[] table = slabs;
        BitSet seen = new BitSet();
        long freeSlots = 0;
        for (Stripe s : stripes) {
            for (int k = 0; k < s.top; k++) {
                long e = s.free[k];
                int id = (int) (e >>> 32);
                int slot = (int) e;
                if (id >= table.length || table[id] == null || slot < 0 || slot >= slotsPerSlab) {
                    throw new IllegalStateException(blockBytes + "-byte class: free entry " + Long.toHexString(e)
                            + " names no slot");
                }
                int bit = id * slotsPerSlab + slot;
                if (seen.get(bit)) {
                    throw new IllegalStateException(blockBytes + "-byte class: slot " + slot + " of slab " + id
                            + " is free twice");
                }
                seen.set(bit);
                freeSlots++;
            }
        }
        return (long) slabCount() * slotsPerSlab - freeSlots;
    }
}
