package bitnet.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import bitnet.api.BitNetException;

class FuzzContractTest {
    /** Keeps the big arrays reachable, so no compiler can drop their allocation. */
    private static volatile byte[] sink;

    private static final int OVER_SLACK = Math.toIntExact(FuzzContract.HEAP_SLACK + (8 << 20));

    @Test
    void aReturningBodyHolds() {
        assertTrue(FuzzContract.holds(0, 0, () -> { }));
    }

    @Test
    void typedFailuresWithAMessageAreAllowed() {
        assertFalse(FuzzContract.holds(0, 0, () -> {
            throw new BitNetException("bad header");
        }));
        assertFalse(FuzzContract.holds(0, 0, () -> {
            throw new IOException("truncated");
        }, IOException.class));
    }

    @Test
    void anUndeclaredExceptionIsAFinding() {
        AssertionError e = assertThrows(AssertionError.class, () -> FuzzContract.holds(0, 0, () -> {
            throw new IllegalStateException("boom");
        }));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertThrows(AssertionError.class, () -> FuzzContract.holds(0, 0, () -> {
            throw new IOException("not declared here");
        }));
    }

    @Test
    void aTypedFailureWithoutAMessageIsAFinding() {
        assertThrows(AssertionError.class, () -> FuzzContract.holds(0, 0, () -> {
            throw new BitNetException(" ");
        }));
    }

    @Test
    void heapPastTheLinearBoundIsAFinding() {
        assertThrows(AssertionError.class, () -> FuzzContract.holds(1, 0, () -> sink = new byte[OVER_SLACK]));
        assertTrue(FuzzContract.holds(OVER_SLACK, 1, () -> sink = new byte[OVER_SLACK]));
    }

    @Test
    void theResultsSizeRaisesTheBound() {
        assertTrue(FuzzContract.holds(1, 0, () -> OVER_SLACK, () -> sink = new byte[OVER_SLACK]));
    }
}
