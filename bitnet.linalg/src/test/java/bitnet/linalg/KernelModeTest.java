package bitnet.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SvdMode;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scalar and vector modes of the inner kernels: the scalar GEMM tile against the reference, whole decompositions
 * in both modes against each other, and the mode reaching the parts a call runs on other threads. This class also
 * runs in a JVM without {@code jdk.incubator.vector} (surefire execution {@code no-vector-module}), where only the
 * scalar mode exists.
 */
class KernelModeTest {
    /** Both modes run the same algorithm with differently ordered sums: results agree to rounding. */
    private static final double MODES_AGREE = 1e-12;

    @Test
    void vectorModeIsAvailableExactlyWhenTheModuleIs() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(module, Kernels.vectorAvailable());
        assertEquals(module ? Kernels.Mode.VECTOR : Kernels.Mode.SCALAR, Kernels.current());
        assertEquals(Kernels.Mode.SCALAR, Kernels.call(Kernels.Mode.SCALAR, Kernels::current));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 7, 17, 40})
    void scalarGemmTileMatchesReference(int size) {
        int m = size + 1;
        int n = size + 2;
        int k = size;
        double[] a = TestMatrices.random(2 + m * (k + 1), 1, size);
        double[] b = TestMatrices.random(3 + k * (n + 2), 1, size + 1);
        double[] c1 = TestMatrices.random(1 + m * (n + 4), 1, size + 2);
        double[] c2 = c1.clone();
        Kernels.run(Kernels.Mode.SCALAR, () -> Gemm.multiplyAdd(m, n, k, -0.5, a, 2, k + 1, b, 3, n + 2, c1, 1, n + 4,
                2));
        Gemm.multiplyAddScalar(m, n, k, -0.5, a, 2, k + 1, b, 3, n + 2, c2, 1, n + 4);
        assertArrayEquals(c2, c1, 1e-13 * (k + 1));
    }

    @Test
    void decompositionsAgreeInBothModes() {
        double[] a = TestMatrices.random(150, 130, 11);
        double[] spd = TestMatrices.spd(140, 12);
        double[] sym = TestMatrices.symmetric(90, 13);
        Kernels.Mode other = Kernels.vectorAvailable() ? Kernels.Mode.VECTOR : Kernels.Mode.SCALAR;
        for (Kernels.Mode mode : new Kernels.Mode[] {Kernels.Mode.SCALAR, other}) {
            double[] l = Kernels.call(mode, () -> Cholesky.factor(spd, 140, 2));
            double[] l0 = Kernels.call(Kernels.Mode.SCALAR, () -> Cholesky.factor(spd, 140, 1));
            assertTrue(TestMatrices.relativeError(l0, l) < MODES_AGREE, "cholesky " + mode);
            SvdResult s = Kernels.call(mode, () -> Svd.decompose(a, 150, 130, SvdMode.THIN, 2));
            SvdResult s0 = Kernels.call(Kernels.Mode.SCALAR, () -> Svd.decompose(a, 150, 130, SvdMode.THIN, 1));
            assertTrue(TestMatrices.relativeError(s0.s(), s.s()) < MODES_AGREE, "singular values " + mode);
            double[] usv = Matrices.multiply(TestMatrices.diagTimes(s.u(), s.uRows(), s.uCols(), s.s()), s.uRows(),
                    s.uCols(), s.vt(), s.vtCols(), 1);
            assertTrue(TestMatrices.relativeError(a, usv) < 1e-13, "svd reconstruction " + mode);
            EighResult e = Kernels.call(mode, () -> SymmetricEigen.decompose(sym, 90, true, 2));
            EighResult e0 = Kernels.call(Kernels.Mode.SCALAR, () -> SymmetricEigen.decompose(sym, 90, false, 1));
            assertTrue(TestMatrices.relativeError(e0.eigenvalues(), e.eigenvalues()) < MODES_AGREE, "eigh " + mode);
            QrResult q = Kernels.call(mode, () -> Qr.decompose(a, 150, 130, QrMode.REDUCED, 2));
            QrResult q0 = Kernels.call(Kernels.Mode.SCALAR, () -> Qr.decompose(a, 150, 130, QrMode.REDUCED, 1));
            assertTrue(TestMatrices.relativeError(q0.r(), q.r()) < MODES_AGREE, "qr " + mode);
            LuResult lu = Kernels.call(mode, () -> Lu.factor(spd, 140, 2));
            LuResult lu0 = Kernels.call(Kernels.Mode.SCALAR, () -> Lu.factor(spd, 140, 1));
            assertTrue(TestMatrices.relativeError(lu0.lu(), lu.lu()) < MODES_AGREE, "lu " + mode);
        }
    }

    @Test
    void partsOnOtherThreadsRunInTheCallersMode() {
        NdArray stack = new NdArray(new int[] {8, 3, 3}, TestMatrices.random(72, 1, 5));
        Set<Kernels.Mode> seen = Collections.synchronizedSet(new HashSet<>());
        Kernels.run(Kernels.Mode.SCALAR, () -> Batched.map(stack, new int[] {1}, 4, (x, r, c) -> {
            seen.add(Kernels.current());
            return new double[] {x[0]};
        }));
        // With the vector module the default differs from SCALAR, so a part that lost the mode would show up here.
        assertEquals(Set.of(Kernels.Mode.SCALAR), seen);
    }
}
