package bitnet.server.http;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

import bitnet.api.BitNetException;

/**
 * What every fuzz target asserts about one input (docs/reliability.md): the code under test returns a valid result
 * or fails with a typed exception of the project ({@link BitNetException} or a type the API declares, such as
 * {@link java.io.IOException} for a file API); never another exception or error; and it allocates heap in
 * proportion to the input. The heap is counted on the calling thread, Jazzer's hooks included: in both modes its
 * comparison hooks on String, Map and array calls allocate on every hooked call (a tokenizer's encode allocates
 * 8 to 16 KB a char under them, 650 bytes without), so the bounds are generous but linear: a gross detector that
 * still tells a quadratic step or a size taken from a header apart. The precise checks are the targets' own (pool
 * bytes asked per input byte) and the fuzz JVM's bounded heap. Hangs are caught by the targets' {@code @Timeout},
 * crashes by the fuzzer.
 */
final class FuzzContract {
    /**
     * Heap any input may take besides its per-byte share: buffers, messages, lazily built tables, and Jazzer's
     * hooks (13 MB seen for a 198-byte precision rule whose glob the regex hooks followed).
     */
    static final long HEAP_SLACK = 32 << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzContract() {
    }

    /** The code under test. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs the body and checks the outcome and the heap it allocated. Over the bound, the body runs once more and
     * only that second run counts: the first run of a new code path also loads (and the fuzzer instruments)
     * classes, which allocates on this thread but is no fault of the code under test.
     *
     * @param inputBytes the input's size
     * @param heapPerByte heap the body may allocate per input byte, on top of {@link #HEAP_SLACK}
     * @param body the code under test; it checks and closes what it gets, so that it can run again
     * @param declared exception types the API declares besides {@link BitNetException}
     * @return whether the body returned normally (false: it failed as allowed)
     * @throws AssertionError for any other exception (as the cause), or for heap allocated past the bound
     */
    @SafeVarargs
    static boolean holds(long inputBytes, long heapPerByte, Body body, Class<? extends Exception>... declared) {
        return holds(inputBytes, heapPerByte, () -> 0, body, declared);
    }

    /**
     * As {@link #holds(long, long, Body, Class...)}, for code whose valid results may rightly outgrow the input (a
     * compressed format): {@code resultBytes}, asked after each run, adds the result's size to the bound.
     *
     * @param inputBytes the input's size
     * @param heapPerByte heap the body may allocate per input byte, on top of {@link #HEAP_SLACK}
     * @param resultBytes the size of what the last run returned, 0 after a failure
     * @param body the code under test
     * @param declared exception types the API declares besides {@link BitNetException}
     * @return whether the body returned normally
     */
    @SafeVarargs
    static boolean holds(long inputBytes, long heapPerByte, LongSupplier resultBytes, Body body,
            Class<? extends Exception>... declared) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        boolean returned = outcome(body, declared);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated > bound(inputBytes, heapPerByte, returned, resultBytes)) {
            before = THREADS.getCurrentThreadAllocatedBytes();
            returned = outcome(body, declared);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            long bound = bound(inputBytes, heapPerByte, returned, resultBytes);
            if (allocated > bound) {
                throw new AssertionError("allocated " + allocated + " heap bytes for a " + inputBytes
                        + "-byte input" + (returned ? "" : " that failed") + "; the bound is " + bound);
            }
        }
        return returned;
    }

    private static long bound(long inputBytes, long heapPerByte, boolean returned, LongSupplier resultBytes) {
        return HEAP_SLACK + heapPerByte * inputBytes + (returned ? resultBytes.getAsLong() : 0);
    }

    @SafeVarargs
    private static boolean outcome(Body body, Class<? extends Exception>... declared) {
        try {
            body.run();
            return true;
        } catch (BitNetException e) {
            requireMessage(e);
            return false;
        } catch (Exception e) {
            if (!isDeclared(e, declared)) {
                throw new AssertionError("undeclared exception " + e, e);
            }
            requireMessage(e);
            return false;
        }
    }

    private static boolean isDeclared(Exception e, Class<? extends Exception>[] declared) {
        for (Class<? extends Exception> type : declared) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    /** A user acts on the message, so a typed failure without one is a finding too. */
    private static void requireMessage(Exception e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("exception without a message: " + e.getClass().getName(), e);
        }
    }
}
