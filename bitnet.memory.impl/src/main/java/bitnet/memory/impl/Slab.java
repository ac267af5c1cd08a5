package bitnet.memory.impl;

import java.lang.foreign.MemorySegment;

/** A chunk carved into equal slots of one size class. */
final class Slab {
    final int id;
    final MemorySegment base;
    /** When a cleanup pass first saw every slot free, 0 while any slot is in use; guarded by the class lock. */
    long emptySince;

    Slab(int id, MemorySegment base) {
        this.id = id;
        this.base = base;
    }
}
