package bitnet.memory.impl;

import java.util.Arrays;

/**
 * One of a size class's free lists. Threads are spread over stripes so that two threads rarely share a lock;
 * counters are plain fields because they only change under the stripe's lock. Entries are
 * {@code slabId << 32 | slot}.
 */
final class Stripe extends SpinLock {
    static final long EMPTY = -1;
    /**
     * Requested bytes a stripe counts on its own before folding them into its class's and pool's shared counters
     * (64 KiB or 16 blocks, whichever is more): a thread that allocates and frees in turn never writes a shared
     * cache line.
     */
    private final long foldBytes;

    final int index;
    private final SizeClass owner;
    long[] free = new long[16];
    int top;
    long allocations;
    long hits;
    long frees;
    /** Requested bytes allocated minus freed here since the last fold. */
    long delta;
    /** The highest class and pool bytes in use this stripe has seen: shared counters plus its own delta. */
    long classPeak;
    long poolPeak;
    // Trailing padding, in case the layout puts the hot fields first.
    long q00;
    long q01;
    long q02;
    long q03;
    long q04;
    long q05;
    long q06;
    long q07;

    Stripe(int index, SizeClass owner) {
        this.index = index;
        this.owner = owner;
        this.foldBytes = Math.max(64 << 10, 16 * owner.blockBytes);
    }

    /** Counts requested bytes; the caller holds the lock. */
    private void account(long bytes) {
        long d = delta + bytes;
        if (d >= foldBytes || d <= -foldBytes) {
            owner.fold(d);
            d = 0;
        }
        delta = d;
        if (bytes > 0) {
            classPeak = Math.max(classPeak, owner.inUse.get() + d);
            poolPeak = Math.max(poolPeak, owner.poolInUse() + d);
        }
    }

    long pop(boolean count, long bytes) {
        lock();
        try {
            if (top == 0) {
                return EMPTY;
            }
            if (count) {
                allocations++;
                hits++;
                account(bytes);
            }
            return free[--top];
        } finally {
            unlock();
        }
    }

    void push(long entry, boolean count, long bytes) {
        lock();
        try {
            if (top == free.length) {
                free = Arrays.copyOf(free, top * 2);
            }
            free[top++] = entry;
            if (count) {
                frees++;
                account(-bytes);
            }
        } finally {
            unlock();
        }
    }

    /** Moves half of {@code from}'s entries here and pops one; both locks must be held. */
    long stealFrom(Stripe from, boolean count, long bytes) {
        int n = (from.top + 1) / 2;
        if (n == 0) {
            return EMPTY;
        }
        ensure(top + n);
        System.arraycopy(from.free, from.top - n, free, top, n);
        from.top -= n;
        top += n;
        if (count) {
            allocations++;
            hits++;
            account(bytes);
        }
        return free[--top];
    }

    /** Pushes every slot of a fresh slab but the first, which it returns; a miss, not a hit. */
    long carved(int slabId, int slots, boolean count, long bytes) {
        lock();
        try {
            ensure(top + slots - 1);
            long base = (long) slabId << 32;
            for (int slot = slots - 1; slot >= 1; slot--) {
                free[top++] = base | slot;
            }
            if (count) {
                allocations++;
                account(bytes);
            }
            return base;
        } finally {
            unlock();
        }
    }

    /** Drops the entries of released slabs; the caller holds the lock. */
    void removeSlabs(boolean[] released) {
        int kept = 0;
        for (int i = 0; i < top; i++) {
            long e = free[i];
            if (!released[(int) (e >>> 32)]) {
                free[kept++] = e;
            }
        }
        top = kept;
    }

    private void ensure(int capacity) {
        if (capacity > free.length) {
            free = Arrays.copyOf(free, Math.max(capacity, free.length * 2));
        }
    }
}
