package bitnet.memory.impl;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import bitnet.api.memory.MemoryPressureListener;
import bitnet.api.memory.MemoryPressureListener.PressureEvent;

/**
 * Bytes reserved from the system against a limit, and the pressure thresholds crossed on the way. Only chunk
 * reservations pass through here, so block allocation never touches it. Shared by every generation of a pool.
 */
final class Budget {
    private static final System.Logger LOG = System.getLogger("bitnet.memory");

    private final AtomicLong reserved = new AtomicLong();
    private final AtomicInteger band = new AtomicInteger();
    private final List<MemoryPressureListener> listeners = new CopyOnWriteArrayList<>();
    private volatile long limit = Long.MAX_VALUE;
    private volatile double[] thresholds = new double[0];

    void configure(long limitBytes, double[] pressureThresholds) {
        this.limit = limitBytes;
        this.thresholds = pressureThresholds.clone();
    }

    long reserved() {
        return reserved.get();
    }

    long limit() {
        return limit;
    }

    boolean tryReserve(long bytes) {
        long max = limit;
        long now;
        do {
            now = reserved.get();
            if (now > max - bytes) {
                return false;
            }
        } while (!reserved.compareAndSet(now, now + bytes));
        return true;
    }

    void unreserve(long bytes) {
        reserved.addAndGet(-bytes);
    }

    void addListener(MemoryPressureListener listener) {
        listeners.add(listener);
    }

    void removeListener(MemoryPressureListener listener) {
        listeners.remove(listener);
    }

    /**
     * Tells listeners about every threshold crossed since the last call, on the calling thread.
     *
     * @return true if usage rose past at least one threshold
     */
    boolean updatePressure(String pool) {
        long max = limit;
        double[] t = thresholds;
        if (max == Long.MAX_VALUE || t.length == 0) {
            return false;
        }
        long used = reserved.get();
        int now = 0;
        while (now < t.length && used >= t[now] * max) {
            now++;
        }
        int before = band.getAndSet(now);
        for (int i = before; i < now; i++) {
            fire(new PressureEvent(pool, t[i], used, max, true));
        }
        for (int i = before - 1; i >= now; i--) {
            fire(new PressureEvent(pool, t[i], used, max, false));
        }
        return now > before;
    }

    private void fire(PressureEvent event) {
        for (MemoryPressureListener l : listeners) {
            try {
                l.onPressure(event);
            } catch (RuntimeException e) {
                // A listener's failure must not fail the allocation that happened to cross the threshold.
                LOG.log(System.Logger.Level.WARNING, "memory pressure listener " + l + " failed", e);
            }
        }
    }
}
