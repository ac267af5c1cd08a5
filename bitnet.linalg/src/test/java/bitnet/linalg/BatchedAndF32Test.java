package bitnet.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.NonFiniteInputException;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SvdMode;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.UnsupportedDTypeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Batched operations over leading dimensions, the F32 entry points, and the MemorySegment copies. */
class BatchedAndF32Test {
    /** Batched results are the single-matrix kernels run per matrix: they must agree bit for bit. */
    private static final double EXACT = 0;
    /** float32 has 24 significand bits: one rounding of a well-conditioned result is within ~6e-8 relative. */
    private static final double F32 = 1e-6;

    private static double[] slice(double[] data, int index, int size) {
        return Arrays.copyOfRange(data, index * size, (index + 1) * size);
    }

    @Test
    void batchedOperationsMatchPerMatrixResults() {
        int n = 6;
        double[] stack = new double[2 * 3 * n * n];
        for (int t = 0; t < 6; t++) {
            System.arraycopy(TestMatrices.spd(n, 100 + t), 0, stack, t * n * n, n * n);
        }
        NdArray a = new NdArray(new int[] {2, 3, n, n}, stack);
        NdArray chol = Batched.cholesky(a, 2);
        NdArray inv = Batched.inv(a, 2);
        NdArray det = Batched.det(a, 1);
        NdArray slogdet = Batched.slogdet(a, 2);
        NdArray eig = Batched.eigvalsh(a, 2);
        NdArray sv = Batched.svdValues(a, 2);
        assertArrayEquals(new int[] {2, 3, n, n}, chol.shape());
        assertArrayEquals(new int[] {2, 3}, det.shape());
        assertArrayEquals(new int[] {2, 3, 2}, slogdet.shape());
        assertArrayEquals(new int[] {2, 3, n}, eig.shape());
        for (int t = 0; t < 6; t++) {
            double[] m = slice(stack, t, n * n);
            assertArrayEquals(Cholesky.factor(m, n, 1), slice(chol.data(), t, n * n), EXACT);
            assertArrayEquals(Inverse.invert(m, n, 1), slice(inv.data(), t, n * n), EXACT);
            assertEquals(Determinants.det(m, n, 1), det.data()[t], EXACT);
            assertEquals(Determinants.signedLog(m, n, 1).logAbsDet(), slogdet.data()[2 * t + 1], EXACT);
            assertArrayEquals(SymmetricEigen.decompose(m, n, false).eigenvalues(), slice(eig.data(), t, n), EXACT);
            assertArrayEquals(Svd.values(m, n, n), slice(sv.data(), t, n), EXACT);
        }
        NdArray b = new NdArray(new int[] {2, 3, n, 2}, TestMatrices.random(1, 6 * n * 2, 9));
        NdArray x = Batched.solve(a, b, 2);
        for (int t = 0; t < 6; t++) {
            assertArrayEquals(Inverse.solve(slice(stack, t, n * n), n, slice(b.data(), t, 2 * n), 2, 1),
                    slice(x.data(), t, 2 * n), EXACT);
        }
    }

    @Test
    void batchedEdgeCasesAndErrors() {
        NdArray empty = new NdArray(new int[] {0, 3, 3}, new double[0]);
        assertArrayEquals(new int[] {0}, Batched.det(empty, 2).shape());
        NdArray wide = new NdArray(new int[] {2, 2, 3}, TestMatrices.random(1, 12, 3));
        assertArrayEquals(new int[] {2, 2}, Batched.svdValues(wide, 1).shape());
        assertThrows(ShapeMismatchException.class, () -> Batched.inv(wide, 1));
        assertThrows(ShapeMismatchException.class, () -> Batched.det(new NdArray(new int[] {4}, new double[4]), 1));
        NdArray a = new NdArray(new int[] {2, 2, 2}, new double[] {1, 0, 0, 1, 1, 0, 0, Double.NaN});
        assertThrows(NonFiniteInputException.class, () -> Batched.det(a, 2));
        assertThrows(ShapeMismatchException.class,
                () -> Batched.solve(a, new NdArray(new int[] {3, 2, 1}, new double[6]), 1));
    }

    @Test
    void f32EntryPointsAgreeWithF64() {
        int n = 20;
        double[] spd = TestMatrices.spd(n, 77);
        double[] general = TestMatrices.random(n, n, 78);
        float[] spd32 = Linalg32.narrow(spd);
        float[] general32 = Linalg32.narrow(general);
        // The F64 references start from the rounded inputs, so only the final rounding differs.
        double[] spdR = Linalg32.widen(spd32);
        double[] generalR = Linalg32.widen(general32);
        assertArrayEquals(Linalg32.narrow(Cholesky.factor(spdR, n, 1)), Linalg32.cholesky(spd32, n, 1), 0f);
        assertArrayEquals(Linalg32.narrow(Svd.values(generalR, n, n)),
                Linalg32.svd(general32, n, n, SvdMode.VALUES_ONLY).s(), 0f);
        Linalg32.Qr32 qr = Linalg32.qr(general32, n, n, QrMode.REDUCED, 1);
        double[] back = Matrices.multiply(Linalg32.widen(qr.q()), n, n, Linalg32.widen(qr.r()), n, 1);
        TestMatrices.assertBelow(TestMatrices.relativeError(generalR, back), F32, "F32 QR reconstruction");
        Linalg32.Eigh32 eig = Linalg32.eigh(spd32, n, true);
        assertArrayEquals(Linalg32.narrow(SymmetricEigen.decompose(spdR, n, false).eigenvalues()),
                eig.eigenvalues(), 0f);
        float[] inv = Linalg32.inv(general32, n, 1);
        double[] eye = Matrices.multiply(generalR, n, n, Linalg32.widen(inv), n, 1);
        TestMatrices.assertBelow(TestMatrices.relativeError(Matrices.identity(n), eye), 1e-4, "F32 A A^-1 = I");
        assertEquals((float) Determinants.det(generalR, n, 1), Linalg32.det(general32, n, 1));
        assertEquals(Norms.norm(generalR, n, n, MatrixNorm.TWO), Linalg32.norm(general32, n, n, MatrixNorm.TWO));
        float[] nan = general32.clone();
        nan[3] = Float.NaN;
        assertThrows(NonFiniteInputException.class, () -> Linalg32.svd(nan, n, n, SvdMode.THIN));
    }

    @Test
    void segmentsRoundTripF32AndF64() {
        double[] values = {1.5, -2.25, 1e-3, 7};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(64);
            Segments.write(values, seg, 8, DType.F64);
            assertArrayEquals(values, Segments.read(seg, 8, DType.F64, 4), 0);
            Segments.write(values, seg, 4, DType.F32);
            double[] back = Segments.read(seg, 4, DType.F32, 4);
            for (int i = 0; i < 4; i++) {
                assertEquals((float) values[i], (float) back[i]);
            }
            assertThrows(UnsupportedDTypeException.class, () -> Segments.read(seg, 0, DType.I8, 1));
        }
    }
}
