package bitnet.precision;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import bitnet.api.memory.MemoryPressureListener.PressureEvent;
import bitnet.api.precision.ComponentType;
import bitnet.api.precision.PrecisionChange;

/**
 * Turns pool pressure events into an adjustment level: the number of thresholds currently crossed, the highest
 * over all pools. Each rising threshold lowers the designated components one step, each falling one restores a
 * step. Thread-safe; keeps a bounded history of the changes.
 */
final class PressureAdjuster {
    private final Map<String, TreeSet<Double>> crossed = new HashMap<>();
    private final ArrayDeque<PrecisionChange> history = new ArrayDeque<>();
    private final Clock clock;
    private int level;

    PressureAdjuster(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param event a pool's threshold crossing
     * @param components the designated components, for the record
     * @param keep how many changes the history keeps, at least 1
     * @return the change, or null when the level did not change
     */
    synchronized PrecisionChange onPressure(PressureEvent event, List<ComponentType> components, int keep) {
        TreeSet<Double> set = crossed.computeIfAbsent(event.pool(), k -> new TreeSet<>());
        if (event.rising()) {
            set.add(event.threshold());
        } else {
            set.remove(event.threshold());
        }
        int next = 0;
        for (TreeSet<Double> s : crossed.values()) {
            next = Math.max(next, s.size());
        }
        if (next == level) {
            return null;
        }
        PrecisionChange change = new PrecisionChange(clock.instant(), event.pool(), event.threshold(), event.rising(),
                level, next, components);
        level = next;
        history.addLast(change);
        while (history.size() > Math.max(1, keep)) {
            history.removeFirst();
        }
        return change;
    }

    synchronized int level() {
        return level;
    }

    synchronized List<PrecisionChange> history() {
        return List.copyOf(history);
    }
}
