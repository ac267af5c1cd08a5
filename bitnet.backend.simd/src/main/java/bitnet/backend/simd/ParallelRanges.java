package bitnet.backend.simd;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Runs a body over {@code [0, units)} split into contiguous ranges, one per task, on the backend's pool; the
 * calling thread runs the first range itself. Returns only when every range has finished, so the caller's output
 * is complete (or the first failure is rethrown after all tasks stopped writing).
 */
final class ParallelRanges {
    /** One range of units. */
    @FunctionalInterface
    interface Body {
        /**
         * @param task the range's index, {@code 0 <= task < }the number of ranges
         * @param from first unit
         * @param to one past the last unit
         */
        void run(int task, long from, long to);
    }

    private ParallelRanges() {
    }

    /** @return how many ranges {@link #run} makes of {@code units} for {@code tasks}: at least 1 */
    static int ranges(int tasks, long units) {
        return (int) Math.max(1, Math.min(tasks, units));
    }

    /**
     * @param pool the backend's threads
     * @param tasks number of ranges, at least 1 (1 runs on the caller's thread only)
     * @param units the work units
     * @param body what to run per range
     */
    static void run(ForkJoinPool pool, int tasks, long units, Body body) {
        int parts = ranges(tasks, units);
        if (parts == 1 || pool == null) {
            body.run(0, 0, units);
            return;
        }
        ForkJoinTask<?>[] jobs = new ForkJoinTask<?>[parts];
        for (int t = 0; t < parts; t++) {
            long from = units * t / parts;
            long to = units * (t + 1) / parts;
            int task = t;
            jobs[t] = ForkJoinTask.adapt(() -> body.run(task, from, to));
        }
        for (int t = 1; t < parts; t++) {
            pool.execute(jobs[t]);
        }
        RuntimeException failure = null;
        for (int t = 0; t < parts; t++) {
            try {
                if (t == 0) {
                    jobs[t].invoke();
                } else {
                    jobs[t].join();
                }
            } catch (RuntimeException e) {
                // Keep waiting: no task may still write the output once the caller sees the failure.
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
