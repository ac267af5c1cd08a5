package bitnet.memory.impl;

import java.lang.foreign.MemorySegment;

import bitnet.api.memory.MemoryBlock;

/** The handle a caller holds; all state lives in its {@link Lease}. */
final class PoolBlock implements MemoryBlock {
    final Lease lease;

    PoolBlock(Lease lease) {
        this.lease = lease;
    }

    @Override
    public MemorySegment segment() {
        if (lease.state() != Lease.LIVE) {
            throw lease.misuse("use after free");
        }
        return lease.segment;
    }

    @Override
    public long size() {
        return lease.bytes;
    }

    @Override
    public boolean isAlive() {
        return lease.state() == Lease.LIVE;
    }

    @Override
    public void close() {
        lease.pool.release(lease);
    }

    @Override
    public String toString() {
        return "MemoryBlock[" + lease.bytes + " bytes, pool " + lease.pool.name() + (isAlive() ? "]" : ", dead]");
    }
}
