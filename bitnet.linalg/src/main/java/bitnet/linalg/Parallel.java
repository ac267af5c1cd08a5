package bitnet.linalg;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * Runs a fixed number of parts of a computation, part 0 on the caller's thread, the others in the common pool, each
 * in the caller's {@link Kernels} mode (and under its {@link IterationCaps}).
 */
final class Parallel {
    private Parallel() {
    }

    /**
     * Calls {@code body.accept(part)} for every part in [0, parts) and returns when all are done.
     *
     * @throws RuntimeException the first failure of any part, after every part finished
     */
    static void forEach(int parts, IntConsumer body) {
        if (parts <= 1) {
            body.accept(0);
            return;
        }
        Kernels.Mode mode = Kernels.current();
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int t = 1; t < parts; t++) {
            int part = t;
            Runnable task = IterationCaps.inherit(() -> body.accept(part));
            tasks[t - 1] = ForkJoinPool.commonPool().submit(() -> Kernels.run(mode, task));
        }
        // Every part is joined before anything is rethrown, Errors included: the parts write into shared arrays
        // that the caller owns again once this returns.
        Throwable failure = null;
        try {
            body.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }
}
