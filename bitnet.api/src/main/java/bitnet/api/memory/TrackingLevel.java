package bitnet.api.memory;

/**
 * How much a pool records about its blocks. Each level includes everything the levels before it record; the
 * cost of each is measured in {@code docs/memory.md}.
 */
public enum TrackingLevel {
    /** Nothing is counted on the allocation path; statistics show reserved and cached bytes only. */
    NONE,
    /** Pool-wide counts of allocations, frees and reuse hits, bytes in use and their peak. */
    BASIC,
    /**
     * Adds per-size-class bytes in use and peaks, and leak detection: a block that becomes unreachable without
     * being closed is reported and its memory reclaimed.
     */
    STANDARD,
    /** Adds the allocation site (a stack trace) of every block, shown in leak reports. Expensive. */
    DETAILED
}
