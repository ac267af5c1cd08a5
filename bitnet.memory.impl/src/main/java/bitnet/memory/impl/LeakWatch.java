package bitnet.memory.impl;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;

/**
 * Watches one tracked block: enqueued by the GC once the block is unreachable. Holds the block's {@link Lease},
 * never the block. Linked into one of the tracker's lists, which keep the watches themselves reachable.
 */
final class LeakWatch extends PhantomReference<PoolBlock> {
    final Lease lease;
    final WatchList list;
    LeakWatch prev;
    LeakWatch next;
    boolean linked;

    LeakWatch(PoolBlock block, ReferenceQueue<PoolBlock> queue, Lease lease, WatchList list) {
        super(block, queue);
        this.lease = lease;
        this.list = list;
    }
}
