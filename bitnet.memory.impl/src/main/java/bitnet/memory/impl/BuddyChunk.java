package bitnet.memory.impl;

import java.lang.foreign.MemorySegment;
import java.util.BitSet;

/** One chunk of the buddy allocator: a free-block bitmap per order. Guarded by the allocator's lock. */
final class BuddyChunk {
    final MemorySegment base;
    /** {@code free[k]} has bit i set when block i of order k (offset {@code i * (minBlock << k)}) is free. */
    final BitSet[] free;
    /** When the chunk last became wholly free, 0 while any block is in use. */
    long emptySince;

    BuddyChunk(MemorySegment base, int maxOrder, long now) {
        this.base = base;
        this.free = new BitSet[maxOrder + 1];
        for (int k = 0; k <= maxOrder; k++) {
            free[k] = new BitSet(1 << (maxOrder - k));
        }
        free[maxOrder].set(0);
        this.emptySince = now;
    }

    boolean isEmpty() {
        return free[free.length - 1].get(0);
    }
}
