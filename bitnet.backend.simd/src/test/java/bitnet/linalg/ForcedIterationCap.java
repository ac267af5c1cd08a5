package bitnet.linalg;

import java.util.function.Supplier;

/**
 * Test access to bitnet.linalg's package-private iteration caps for tests that must go through the dispatcher and
 * the backends: on the test class path this class shares the package (and its package-private members) with the
 * library. It is not part of any bundle.
 */
public final class ForcedIterationCap {
    private ForcedIterationCap() {
    }

    /**
     * Runs {@code body} with the SVD's bidiagonal QR iteration capped at {@code cap} passes, on this thread and the
     * parts it hands to other threads.
     */
    public static <T> T bidiagonalQr(int cap, Supplier<T> body) {
        return IterationCaps.call(IterationCaps.Loop.BIDIAGONAL_QR, cap, body);
    }
}
