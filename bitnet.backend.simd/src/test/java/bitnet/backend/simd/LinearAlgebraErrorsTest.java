package bitnet.backend.simd;

import static bitnet.backend.simd.LinalgFixture.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import bitnet.api.backend.ComputeBackend;
import bitnet.api.linalg.LinearAlgebra;
import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.NonFiniteInputException;
import bitnet.api.linalg.NotPositiveDefiniteException;
import bitnet.api.linalg.SingularMatrixException;
import bitnet.api.linalg.SvdMode;
import bitnet.api.linalg.UnsupportedEinsumException;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.backend.cpu.CpuBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.linalg.DispatchingLinearAlgebra;
import bitnet.core.ops.DispatchingTensorOps;

/**
 * Bad input through the service reaches the caller as the typed exception, naming the shapes, with both backends
 * registered (the dispatcher must not retry an input error on the next backend); scalar (CPU) and vector (SIMD)
 * kernels agree on larger matrices; the {@code invoke} names behind {@code bitnet:op}.
 */
class LinearAlgebraErrorsTest {
    /** Same algorithm, differently ordered sums: F64 results agree to a few hundred ulps at n = 150. */
    private static final double BACKENDS_AGREE = 1e-11;

    private static final CpuBackend CPU = new CpuBackend();
    private static final SimdBackend SIMD = new SimdBackend(2);
    private final LinalgFixture.Open open = new LinalgFixture.Open();
    private final RankedDispatcher dispatcher = new RankedDispatcher(() -> List.of(
            new Registration(CPU, 40, 1), new Registration(SIMD, 60, 2)));
    private final LinearAlgebra la = new DispatchingLinearAlgebra(dispatcher, LinalgFixture.F);

    @AfterEach
    void release() throws Exception {
        open.close();
        assertEquals(0, LinalgFixture.POOL.stats().liveBlocks(), "every tensor closed, results of failed calls too");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SIMD.deactivate();
    }

    private Tensor t(DType dtype, double[] v, long... shape) {
        return open.keep(LinalgFixture.tensor(dtype, v, shape));
    }

    @ParameterizedTest
    @ValueSource(strings = {"F32", "F64"})
    void inputErrorsAreTyped(String type) {
        DType dtype = DType.valueOf(type);
        Tensor rect = t(dtype, random(12, 1), 3, 4);
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class, () -> la.cholesky(rect));
        assertTrue(shape.getMessage().contains("[3, 4]"), shape.getMessage());
        assertThrows(ShapeMismatchException.class, () -> la.inv(rect));
        assertThrows(ShapeMismatchException.class, () -> la.det(t(dtype, random(3, 1), 3)));
        assertThrows(ShapeMismatchException.class, () -> la.cond(rect, MatrixNorm.ONE));

        Tensor indefinite = t(dtype, new double[] {1, 2, 2, 1}, 2, 2);
        NotPositiveDefiniteException npd = assertThrows(NotPositiveDefiniteException.class,
                () -> la.cholesky(indefinite));
        assertEquals(2, npd.minorOrder());

        Tensor singular = t(dtype, new double[] {1, 2, 2, 4}, 2, 2);
        assertThrows(SingularMatrixException.class, () -> la.inv(singular));
        assertThrows(SingularMatrixException.class, () -> la.solve(singular, t(dtype, new double[] {1, 1}, 2)));
        assertEquals(0.0, LinalgFixture.values(open.keep(la.det(singular)))[0], "det accepts a singular matrix");

        Tensor nan = t(dtype, new double[] {1, 0, Double.NaN, 1}, 2, 2);
        for (Runnable r : List.<Runnable>of(() -> la.cholesky(nan), () -> la.svd(nan, SvdMode.THIN), () -> la.eigh(nan),
                () -> la.lu(nan), () -> la.pinv(nan, 1e-15))) {
            NonFiniteInputException e = assertThrows(NonFiniteInputException.class, r::run);
            assertTrue(e.getMessage().contains("(1, 0)"), e.getMessage());
        }

        Tensor sq = t(dtype, random(9, 2), 3, 3);
        assertThrows(UnsupportedEinsumException.class, () -> la.einsum("ij,jk", sq));
        assertThrows(UnsupportedEinsumException.class, () -> la.einsum("...j->j", sq));
        assertThrows(UnsupportedEinsumException.class, () -> la.einsum("i..j->ij", sq));
        assertThrows(ShapeMismatchException.class, () -> la.einsum("...ij,...jk->...ik", open.keep(la.einsum("ij,k->kij",
                sq, t(dtype, random(2, 5), 2))), open.keep(la.einsum("ij,k->kij", sq, t(dtype, random(3, 6), 3)))));
        assertThrows(UnsupportedEinsumException.class, () -> la.einsum("ijk->i", sq));
        assertThrows(ShapeMismatchException.class, () -> la.einsum("ij,jk->ik", sq, open.keep(rect.reshape(4, 3))));

        ShapeMismatchException batch = assertThrows(ShapeMismatchException.class,
                () -> la.solve(t(dtype, random(18, 3), 2, 3, 3), t(dtype, random(9, 4), 3, 3, 1)));
        assertTrue(batch.getMessage().contains("[2, 3, 3]") && batch.getMessage().contains("[3, 3, 1]"),
                batch.getMessage());
    }

    @Test
    void dtypesOtherThanF32AndF64AreRejected() {
        Tensor ints = open.keep(LinalgFixture.F.of(new int[] {1, 0, 0, 1}, 2, 2));
        assertThrows(UnsupportedDTypeException.class, () -> la.inv(ints));
        Tensor f32 = t(DType.F32, new double[] {1, 0, 0, 1}, 2, 2);
        Tensor f64 = t(DType.F64, new double[] {1, 1}, 2);
        assertThrows(UnsupportedDTypeException.class, () -> la.solve(f32, f64));
    }

    @Test
    void decompositionsRunOnSimdWithCpuAsFallback() {
        assertEquals("simd", dispatcher.plan(Op.CHOLESKY, DType.F64).chosen().orElseThrow().name());
        assertEquals(List.of("simd", "cpu"), dispatcher.plan(Op.SVD, DType.F32).fallbackChain().stream()
                .map(c -> c.name()).toList());
        for (ComputeBackend b : List.of(CPU, SIMD)) {
            assertTrue(b.supports(Op.EINSUM, DType.F64) && !b.supports(Op.EINSUM, DType.I32), b.info().name());
        }
    }

    @Test
    void scalarAndVectorKernelsAgree() {
        LinearAlgebra cpu = LinalgFixture.service(CPU);
        LinearAlgebra simd = LinalgFixture.service(SIMD);
        int n = 150;
        Tensor spd = t(DType.F64, LinalgFixture.spd(1, n, 21), n, n);
        Tensor sym = t(DType.F64, LinalgFixture.symmetric(n, 22), n, n);
        Tensor a = t(DType.F64, random(n * 131, 23), n, 131);
        assertClose(open.keep(cpu.cholesky(spd)), open.keep(simd.cholesky(spd)));
        assertClose(open.keep(cpu.inv(spd)), open.keep(simd.inv(spd)));
        assertClose(open.keep(cpu.eigvalsh(sym)), open.keep(simd.eigvalsh(sym)));
        assertClose(open.keep(cpu.svd(a, SvdMode.VALUES_ONLY)).s(), open.keep(simd.svd(a, SvdMode.VALUES_ONLY)).s());
        assertClose(open.keep(cpu.qr(a, bitnet.api.linalg.QrMode.R_ONLY)).r(),
                open.keep(simd.qr(a, bitnet.api.linalg.QrMode.R_ONLY)).r());
        assertClose(open.keep(cpu.einsum("ij,kj->ik", a, a)), open.keep(simd.einsum("ij,kj->ik", a, a)));
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        double err = LinalgFixture.relError(LinalgFixture.values(expected), LinalgFixture.values(actual));
        assertTrue(err < BACKENDS_AGREE, "cpu and simd differ by " + err);
    }

    @Test
    void namedOperationsForTheShell() {
        TensorOps ops = new DispatchingTensorOps(dispatcher, LinalgFixture.F);
        assertTrue(ops.operationNames().containsAll(List.of("cholesky", "lu", "solve", "inv", "det", "slogdet", "qr",
                "eigh", "eigvalsh", "svd", "lstsq", "pinv", "cond", "norm", "einsum", "matmul")));
        Tensor a = t(DType.F64, random(20, 5), 5, 4);
        List<Tensor> usv = ops.invoke("svd", List.of(a), Map.of("mode", "thin"));
        usv.forEach(open::keep);
        assertEquals(3, usv.size());
        assertEquals(List.of(5L, 4L), java.util.Arrays.stream(usv.get(0).shape()).boxed().toList());
        List<Tensor> qr = ops.invoke("qr", List.of(a), Map.of("mode", "r"));
        qr.forEach(open::keep);
        assertEquals(1, qr.size());
        List<Tensor> mm = ops.invoke("einsum", List.of(a, a), Map.of("subscripts", "ij,ik->jk"));
        mm.forEach(open::keep);
        assertEquals(List.of(4L, 4L), java.util.Arrays.stream(mm.get(0).shape()).boxed().toList());
        List<Tensor> c = ops.invoke("cond", List.of(a), Map.of("p", "2"));
        c.forEach(open::keep);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ops.invoke("svd", List.of(a), Map.of("mode", "sideways")));
        assertTrue(bad.getMessage().contains("full, thin or values"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ops.invoke("einsum", List.of(a), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ops.invoke("norm", List.of(a), Map.of("p", "2")));
    }
}
