package bitnet.memory.impl;

import java.util.ArrayList;
import java.util.List;

import bitnet.api.memory.SizeClassStats;

/** The small size classes: powers of two from the alignment up to the small-block threshold. */
final class SmallAllocator {
    private final SizeClass[] classes;
    private final int minShift;
    private final long threshold;

    SmallAllocator(HybridMemoryPool pool, PoolSettings settings) {
        this.minShift = Long.numberOfTrailingZeros(settings.alignment());
        this.threshold = settings.smallThreshold();
        int count = Long.numberOfTrailingZeros(threshold) - minShift + 1;
        int stripes = ThreadNumber.stripes();
        this.classes = new SizeClass[count];
        for (int i = 0; i < count; i++) {
            classes[i] = new SizeClass(pool, 1L << (minShift + i), settings.slabBytes(), stripes);
        }
    }

    /** @return the class serving {@code bytes}, or null if the block is not small */
    SizeClass classFor(long bytes) {
        if (bytes > threshold) {
            return null;
        }
        int shift = 64 - Long.numberOfLeadingZeros(bytes - 1);
        return classes[Math.max(0, shift - minShift)];
    }

    long releaseEmpty(long idleNanos, long now) {
        long released = 0;
        for (SizeClass c : classes) {
            released += c.releaseEmpty(idleNanos, now);
        }
        return released;
    }

    List<SizeClassStats> stats() {
        List<SizeClassStats> rows = new ArrayList<>(classes.length);
        for (SizeClass c : classes) {
            rows.add(c.stats());
        }
        return rows;
    }

    /** @return bytes granted to live blocks, after checking every class's free lists */
    long checkInvariants() {
        long granted = 0;
        for (SizeClass c : classes) {
            granted += c.checkInvariants() * c.blockBytes;
        }
        return granted;
    }

    long poolPeakSeen() {
        long highest = 0;
        for (SizeClass c : classes) {
            highest = Math.max(highest, c.poolPeakSeen());
        }
        return highest;
    }

    long slabs() {
        long n = 0;
        for (SizeClass c : classes) {
            n += c.slabCount();
        }
        return n;
    }
}
