package bitnet.api.memory;

import java.time.Instant;
import java.util.List;

/**
 * A block that became unreachable without being closed. The pool reclaimed its memory when it noticed.
 *
 * @param pool the pool's name
 * @param bytes the size the block was allocated with
 * @param allocatingThread the name of the thread that allocated it
 * @param allocationSite the stack of the allocation, innermost frame first; empty unless the pool tracked at
 *        {@link TrackingLevel#DETAILED} when the block was allocated
 * @param detectedAt when the pool noticed the leak
 */
public record LeakReport(String pool, long bytes, String allocatingThread, List<StackTraceElement> allocationSite,
        Instant detectedAt) {

    /** Copies the stack so the report stays immutable. */
    public LeakReport {
        allocationSite = List.copyOf(allocationSite);
    }
}
