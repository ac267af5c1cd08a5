package bitnet.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitnet.api.linalg.NoConvergenceException;
import bitnet.api.linalg.SvdMode;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every iterative loop stops at its cap with a {@link NoConvergenceException} naming the routine, the order and the
 * iteration count: forced with a lowered cap ({@link IterationCaps#call}) on real matrices, in both kernel modes, and
 * with a NaN planted in the iteration's own input, which must end at the normal cap instead of looping or coming out
 * as an eigenvalue.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IterationCapTest {
    static List<Kernels.Mode> modes() {
        return Kernels.vectorAvailable() ? List.of(Kernels.Mode.SCALAR, Kernels.Mode.VECTOR)
                : List.of(Kernels.Mode.SCALAR);
    }

    private static NoConvergenceException stopped(Kernels.Mode mode, IterationCaps.Loop loop, int cap,
            Supplier<?> body) {
        return assertThrows(NoConvergenceException.class, () -> Kernels.call(mode, () -> IterationCaps.call(loop,
                cap, body)));
    }

    private static void assertMessage(NoConvergenceException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void bidiagonalQrStopsAtItsCap(Kernels.Mode mode) {
        double[] a = TestMatrices.random(43, 40, 5);
        assertMessage(stopped(mode, IterationCaps.Loop.BIDIAGONAL_QR, 5, () -> Svd.values(a, 43, 40)),
                "SVD", "QR iteration on the bidiagonal of order 40", "did not converge in 5 iterations");
        // With vectors below the divide-and-conquer order (and through the transpose of a wide matrix).
        double[] w = TestMatrices.random(12, 20, 6);
        assertMessage(stopped(mode, IterationCaps.Loop.BIDIAGONAL_QR, 3, () -> Svd.decompose(w, 12, 20,
                SvdMode.THIN)), "bidiagonal of order 12", "in 3 iterations");
    }

    @ParameterizedTest
    @MethodSource("modes")
    void tridiagonalQlStopsAtItsCap(Kernels.Mode mode) {
        double[] a = TestMatrices.symmetric(50, 7);
        assertMessage(stopped(mode, IterationCaps.Loop.TRIDIAGONAL_QL, 1, () -> SymmetricEigen.decompose(a, 50,
                false)), "symmetric eigensolver", "QL iteration on the tridiagonal of order 50",
                "did not converge in 1 iterations for eigenvalue 0");
        // The leaves of divide and conquer are QL too.
        assertMessage(stopped(mode, IterationCaps.Loop.TRIDIAGONAL_QL, 1, () -> SymmetricEigen.decompose(a, 50,
                true, 1, 1, 5)), "tridiagonal of order");
    }

    @ParameterizedTest
    @MethodSource("modes")
    void secularEquationStopsAtItsCap(Kernels.Mode mode) {
        double[] a = TestMatrices.symmetric(50, 8);
        assertMessage(stopped(mode, IterationCaps.Loop.SECULAR_EQUATION, 1, () -> SymmetricEigen.decompose(a, 50,
                true, 1, 1, 5)), "divide and conquer", "secular equation of order", "in 1 iterations for root");
        double[] g = TestMatrices.random(40, 36, 9);
        assertMessage(stopped(mode, IterationCaps.Loop.SECULAR_EQUATION, 2, () -> Svd.decompose(g, 40, 36,
                SvdMode.FULL)), "secular equation of order", "in 2 iterations");
    }

    @Test
    void aLoweredCapReachesThePartsOfABatchOnOtherThreads() {
        NdArray stack = new NdArray(new int[] {8, 3, 3}, TestMatrices.random(72, 1, 5));
        Set<Integer> seen = Collections.synchronizedSet(new HashSet<>());
        IterationCaps.call(IterationCaps.Loop.TRIDIAGONAL_QL, 2, () -> Batched.map(stack, new int[] {1}, 4,
                (x, r, c) -> {
                    seen.add(IterationCaps.of(IterationCaps.Loop.TRIDIAGONAL_QL, TridiagonalQl.MAX_SWEEPS));
                    return new double[] {x[0]};
                }));
        assertEquals(Set.of(2), seen);
        // Outside the call the normal cap holds, and another loop's cap is untouched inside it.
        assertEquals(TridiagonalQl.MAX_SWEEPS, IterationCaps.of(IterationCaps.Loop.TRIDIAGONAL_QL,
                TridiagonalQl.MAX_SWEEPS));
        assertEquals(400, IterationCaps.call(IterationCaps.Loop.TRIDIAGONAL_QL, 2,
                () -> IterationCaps.of(IterationCaps.Loop.SECULAR_EQUATION, SecularEquation.MAX_STEPS)));
    }

    @Test
    void aNaNInTheBidiagonalEndsAtTheCapOf75PerValue() {
        double[] s = TestMatrices.random(40, 1, 10);
        double[] e = TestMatrices.random(40, 1, 11);
        s[17] = Double.NaN;
        NoConvergenceException x = assertThrows(NoConvergenceException.class,
                () -> BidiagonalQr.solve(s, e, 40, null, 0, null));
        assertMessage(x, "order 40", "in " + 75 * 40 + " iterations");
    }

    @Test
    void aNaNInTheTridiagonalEndsAtTheCapOf30SweepsInsteadOfBecomingAnEigenvalue() {
        double[] d = TestMatrices.random(20, 1, 12);
        double[] e = TestMatrices.random(20, 1, 13);
        e[0] = Double.NaN;
        NoConvergenceException x = assertThrows(NoConvergenceException.class,
                () -> TridiagonalQl.solve(d, e, 20, null));
        assertMessage(x, "order 20", "in 30 iterations for eigenvalue 0");
    }
}
