package bitnet.core.tensor;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.tensor.TensorClosedException;

/**
 * Memory shared by a tensor and its views, released when the last reference goes: a pool block goes back to its
 * pool, memory the caller lent (a mapped file) is handed back through the caller's release action.
 */
final class Storage {
    private final MemorySegment segment;
    private final Runnable release;
    private final AtomicInteger references = new AtomicInteger(1);

    private Storage(MemorySegment segment, Runnable release) {
        this.segment = segment;
        this.release = release;
    }

    static Storage pooled(MemoryBlock block, long bytes) {
        return new Storage(block.segment().asSlice(0, bytes), block::close);
    }

    static Storage lent(MemorySegment segment, Runnable release) {
        return new Storage(segment, release);
    }

    MemorySegment segment() {
        return segment;
    }

    void retain() {
        int r;
        do {
            r = references.get();
            if (r <= 0) {
                throw new TensorClosedException("tensor memory was already released");
            }
        } while (!references.compareAndSet(r, r + 1));
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            release.run();
        }
    }
}
