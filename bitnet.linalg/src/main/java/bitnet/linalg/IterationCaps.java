package bitnet.linalg;

import java.util.function.Supplier;

/**
 * The iterative loops of the decompositions, each with a cap proportional to the problem's size after which it
 * throws {@link bitnet.api.linalg.NoConvergenceException}; and a test hook that lowers one loop's cap for the calls
 * made inside {@link #call}, including the parts that {@link Parallel} runs on other threads.
 */
final class IterationCaps {
    /** The capped loops. */
    enum Loop {
        /** {@link BidiagonalQr}: every pass of the implicit-shift QR iteration on the bidiagonal (SVD). */
        BIDIAGONAL_QR,
        /** {@link TridiagonalQl}: the QL sweeps per eigenvalue (eigvalsh, small eigh, divide-and-conquer leaves). */
        TRIDIAGONAL_QL,
        /** {@link SecularEquation}: the steps per root of a divide-and-conquer merge. */
        SECULAR_EQUATION
    }

    private record Forced(Loop loop, int cap) {
    }

    private static final ScopedValue<Forced> FORCED = ScopedValue.newInstance();

    private IterationCaps() {
    }

    /** @return {@code normal}, or the forced cap of {@code loop} if a caller of {@link #call} set a lower one */
    static int of(Loop loop, int normal) {
        if (FORCED.isBound()) {
            Forced f = FORCED.get();
            if (f.loop() == loop) {
                return Math.min(normal, f.cap());
            }
        }
        return normal;
    }

    /** Runs {@code body} with the cap of {@code loop} lowered to {@code cap} (for tests). */
    static <T> T call(Loop loop, int cap, Supplier<T> body) {
        return ScopedValue.where(FORCED, new Forced(loop, cap)).call(body::get);
    }

    /** @return {@code task}, made to run under the caller's forced cap (if any) on whichever thread runs it */
    static Runnable inherit(Runnable task) {
        if (!FORCED.isBound()) {
            return task;
        }
        Forced f = FORCED.get();
        return () -> ScopedValue.where(FORCED, f).run(task);
    }
}
