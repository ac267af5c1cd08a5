package bitnet.core.tensor;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import bitnet.api.memory.MemoryBlock;
import bitnet.api.tensor.TensorClosedException;

/** Pooled memory shared by a tensor and its views, returned to the pool when the last reference is released. */
final class Storage {
    private final MemoryBlock block;
    private final MemorySegment segment;
    private final AtomicInteger references = new AtomicInteger(1);

    Storage(MemoryBlock block, long bytes) {
        this.block = block;
        this.segment = block.segment().asSlice(0, bytes);
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
            block.close();
        }
    }
}
