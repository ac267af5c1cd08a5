package bitnet.memory.impl;

import java.lang.ref.Cleaner;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import bitnet.api.memory.LeakReport;

/**
 * Watches tracked blocks with a {@link Cleaner}: a block that becomes unreachable while alive is a leak. Keeps the
 * latest reports. The cleaner's thread starts with the first tracked block.
 */
final class LeakTracker {
    private static final System.Logger LOG = System.getLogger("bitnet.memory");

    private final String pool;
    private final ArrayDeque<LeakReport> history = new ArrayDeque<>();
    private final AtomicLong detected = new AtomicLong();
    private volatile Cleaner cleaner;

    LeakTracker(String pool) {
        this.pool = pool;
    }

    void watch(PoolBlock block, Lease lease) {
        Cleaner c = cleaner;
        if (c == null) {
            c = start();
        }
        lease.cleanable = c.register(block, lease);
    }

    private synchronized Cleaner start() {
        if (cleaner == null) {
            cleaner = Cleaner.create(r -> {
                Thread t = new Thread(r, "bitnet-memory-leaks-" + pool);
                t.setDaemon(true);
                return t;
            });
        }
        return cleaner;
    }

    void record(Lease lease, int keep) {
        detected.incrementAndGet();
        List<StackTraceElement> site = lease.site == null ? List.of() : Arrays.asList(lease.site);
        LeakReport report = new LeakReport(pool, lease.bytes, lease.thread == null ? "" : lease.thread, site,
                Instant.now());
        synchronized (history) {
            history.addLast(report);
            while (history.size() > keep) {
                history.removeFirst();
            }
        }
        LOG.log(System.Logger.Level.WARNING, () -> "leak: a block of " + lease.bytes + " bytes from pool '" + pool
                + "' became unreachable without close(); reclaimed"
                + (site.isEmpty() ? " (set trackingLevel=DETAILED for its allocation site)"
                        : ", allocated at " + site.get(0)));
    }

    List<LeakReport> reports() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    long detected() {
        return detected.get();
    }
}
