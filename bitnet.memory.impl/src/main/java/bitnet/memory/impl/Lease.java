package bitnet.memory.impl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import bitnet.api.memory.MemoryAccessException;
import bitnet.api.memory.TrackingLevel;

/**
 * Everything the pool knows about one block. Kept apart from the {@link PoolBlock} handed to the caller so that
 * the leak tracker can reclaim it when the block becomes unreachable: it must never reference the block.
 */
final class Lease {
    static final int LIVE = 0;
    static final int FREED = 1;
    static final int RECLAIMED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Lease.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final HybridMemoryPool pool;
    final Allocator owner;
    /** The slab, buddy chunk or huge chunk holding the memory. */
    final Object region;
    /** Slab slot entry, buddy block index or 0, as the owner wants it back. */
    final long position;
    final int order;
    final long bytes;
    final long granted;
    final TrackingLevel level;
    MemorySegment segment;
    Arena guard;
    LeakWatch watch;
    String thread;
    StackTraceElement[] site;
    private volatile int state;

    Lease(HybridMemoryPool pool, Allocator owner, Object region, long position, int order, long bytes, long granted,
            MemorySegment segment, TrackingLevel level) {
        this.pool = pool;
        this.owner = owner;
        this.region = region;
        this.position = position;
        this.order = order;
        this.bytes = bytes;
        this.granted = granted;
        this.segment = segment;
        this.level = level;
    }

    /** @return the same memory under a new size, for an in-place resize */
    Lease resized(long newBytes, MemorySegment base, TrackingLevel newLevel) {
        return new Lease(pool, owner, region, position, order, newBytes, granted, base.asSlice(0, newBytes),
                newLevel);
    }

    int state() {
        return state;
    }

    boolean claim(int next) {
        return STATE.compareAndSet(this, LIVE, next);
    }

    /** Runs on the leak tracker's thread once the block is unreachable; a closed block makes it a no-op. */
    void reclaim() {
        if (claim(RECLAIMED)) {
            pool.reclaimLeak(this);
        }
    }

    MemoryAccessException misuse(String what) {
        String how = state == RECLAIMED ? "it was reclaimed as a leak" : "it was already freed";
        return new MemoryAccessException(what + ": block of " + bytes + " bytes from pool '" + pool.name() + "' is dead ("
                + how + ")");
    }
}
