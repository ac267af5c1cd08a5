package bitnet.memory.impl;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Numbers threads in the order they first use a pool, to pick their stripe. Consecutive numbers give the first
 * threads distinct stripes; hashing thread ids put two threads on one stripe often enough to matter.
 */
final class ThreadNumber {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final ThreadLocal<ThreadNumber> CURRENT = ThreadLocal
            .withInitial(() -> new ThreadNumber(NEXT.getAndIncrement()));

    private final int value;

    private ThreadNumber(int value) {
        this.value = value;
    }

    static int current() {
        return CURRENT.get().value;
    }

    /** @return a power of two of stripes, about twice the processors, so that every thread can have its own */
    static int stripes() {
        return Integer.highestOneBit(Math.max(2, Runtime.getRuntime().availableProcessors() * 2 - 1) * 2 - 1);
    }
}
