package bitnet.memory.impl;

/** One of the pool's allocators (a slab size class, the buddy allocator, the huge-block allocator). */
interface Allocator {

    /** Takes back the memory of a lease whose block is dead. Called once per lease. */
    void free(Lease lease);

    /** @return the lease's memory, all {@code granted} bytes of it, in the region's own scope */
    java.lang.foreign.MemorySegment memory(Lease lease);

    /** Adjusts the per-class bytes in use after the lease's block was resized in place by {@code delta} bytes. */
    void resizedInPlace(Lease lease, long delta);

    /** @return whether the lease's memory can hold {@code newBytes} without moving and without wasting a class */
    boolean fitsInPlace(Lease lease, long newBytes);
}
