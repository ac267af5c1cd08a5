package bitnet.memory.impl;

import java.lang.ref.ReferenceQueue;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import bitnet.api.memory.LeakReport;

/**
 * Watches tracked blocks with phantom references: a block that becomes unreachable while alive is a leak, which
 * a daemon thread reclaims and reports. Watches sit in striped lists rather than a {@link java.lang.ref.Cleaner}'s
 * single synchronized list, so that threads tracking blocks do not contend. Keeps the latest reports.
 */
final class LeakTracker {
    private static final System.Logger LOG = System.getLogger("bitnet.memory");

    private final String pool;
    private final ReferenceQueue<PoolBlock> queue = new ReferenceQueue<>();
    private final WatchList[] lists;
    private final int mask;
    private final ArrayDeque<LeakReport> history = new ArrayDeque<>();
    private final AtomicLong detected = new AtomicLong();
    private volatile Thread reaper;
    private volatile boolean stopped;

    LeakTracker(String pool) {
        this.pool = pool;
        int n = ThreadNumber.stripes();
        this.lists = new WatchList[n];
        for (int i = 0; i < n; i++) {
            lists[i] = new WatchList();
        }
        this.mask = n - 1;
    }

    void watch(PoolBlock block, Lease lease) {
        if (reaper == null) {
            start();
        }
        LeakWatch w = new LeakWatch(block, queue, lease, lists[ThreadNumber.current() & mask]);
        w.list.add(w);
        lease.watch = w;
    }

    /** Stops watching a block that was freed properly. */
    static void unwatch(LeakWatch w) {
        w.clear();
        w.list.remove(w);
    }

    private synchronized void start() {
        if (reaper != null || stopped) {
            return;
        }
        Thread t = new Thread(this::reap, "bitnet-memory-leaks-" + pool);
        t.setDaemon(true);
        t.start();
        reaper = t;
    }

    private void reap() {
        while (!stopped) {
            try {
                LeakWatch w = (LeakWatch) queue.remove();
                w.list.remove(w);
                w.lease.reclaim();
            } catch (InterruptedException e) {
                // stop() interrupts; the loop condition decides
            }
        }
    }

    /** Ends the reaper thread; blocks that leak afterwards are not reclaimed. */
    synchronized void stop() {
        stopped = true;
        Thread t = reaper;
        if (t != null) {
            t.interrupt();
        }
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

    /** @return blocks being watched */
    long watched() {
        long n = 0;
        for (WatchList l : lists) {
            n += l.size();
        }
        return n;
    }
}
