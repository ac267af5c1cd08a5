package bitnet.api.memory;

/**
 * How much a pool records about its blocks. Each level includes everything the levels before it record; the
 * cost of each is measured in {@code docs/memory.md}.
 */
public enum TrackingLevel {
    /** Nothing is counted on the allocation path; statistics show reserved and cached bytes only. */
    NONE,
    /**
     * Counts of allocations, frees and reuse hits, requested bytes in use and their peak, per pool and per size
     * class. Peaks are gathered per thread stripe and may miss bytes other threads had not yet folded in.
     */
    BASIC,
    /**
     * Adds leak detection: a block that becomes unreachable without being closed is reported and its memory
     * reclaimed.
     */
    STANDARD,
    /** Adds the allocation site (a stack trace) of every block, shown in leak reports. Expensive. */
    DETAILED
}
