package bitnet.backend.simd;

import static bitnet.backend.simd.LinalgFixture.identity;
import static bitnet.backend.simd.LinalgFixture.matrix;
import static bitnet.backend.simd.LinalgFixture.multiply;
import static bitnet.backend.simd.LinalgFixture.random;
import static bitnet.backend.simd.LinalgFixture.relError;
import static bitnet.backend.simd.LinalgFixture.transpose;
import static bitnet.backend.simd.LinalgFixture.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import bitnet.api.linalg.EighFactors;
import bitnet.api.linalg.LeastSquaresSolution;
import bitnet.api.linalg.LinearAlgebra;
import bitnet.api.linalg.LuFactors;
import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.QrFactors;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SignedLogDeterminant;
import bitnet.api.linalg.SvdFactors;
import bitnet.api.linalg.SvdMode;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;

/**
 * Every operation of {@link LinearAlgebra} through the dispatcher, on the CPU backend (scalar kernels) and on the SIMD
 * backend (vector kernels), for F32 and F64, batched, at sizes 0, 1 and odd ones: results checked by their defining
 * identities (reconstruction, orthogonality), and a subset against bitnet.linalg's NumPy golden files.
 */
class LinearAlgebraServiceTest {
    private static final CpuBackend CPU = new CpuBackend();
    private static final SimdBackend SIMD = new SimdBackend(2);
    private final LinalgFixture.Open open = new LinalgFixture.Open();

    static Stream<Arguments> backendsAndDtypes() {
        return Stream.of(Arguments.of("cpu", DType.F32), Arguments.of("cpu", DType.F64), Arguments.of("simd", DType.F32),
                Arguments.of("simd", DType.F64));
    }

    /**
     * Identities of results computed in double precision: F64 results hold them to rounding (1e-12 relative, sizes
     * below 40); F32 results are the double results rounded once, so each factor carries 6e-8 relative error and a
     * product of three of them a few times that, times the condition number (below 100 for these matrices).
     */
    private static double tol(DType dtype) {
        return dtype == DType.F64 ? 1e-12 : 2e-5;
    }

    @AfterEach
    void release() throws Exception {
        open.close();
        assertEquals(0, LinalgFixture.POOL.stats().liveBlocks(), "every tensor closed");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SIMD.deactivate();
    }

    private static LinearAlgebra service(String backend) {
        return LinalgFixture.service(backend.equals("cpu") ? CPU : SIMD);
    }

    private Tensor t(DType dtype, double[] v, long... shape) {
        return open.keep(LinalgFixture.tensor(dtype, v, shape));
    }

    private <T extends AutoCloseable> T keep(T x) {
        return open.keep(x);
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void choleskyBatchedReconstructs(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        for (int n : new int[] {0, 1, 17}) {
            double[] a = LinalgFixture.spd(6, n, n);
            double[] l = values(keep(la.cholesky(t(dtype, a, 3, 2, n, n))));
            assertEquals(6 * n * n, l.length);
            for (int b = 0; b < 6; b++) {
                double[] lb = matrix(l, b, n, n);
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        assertEquals(0.0, lb[i * n + j], "upper triangle is zero");
                    }
                }
                assertTrue(relError(matrix(a, b, n, n), multiply(lb, n, n, transpose(lb, n, n), n)) < tol(dtype));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void luIsPLU(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        int n = 9;
        double[] a = random(2 * n * n, 3);
        LuFactors f = keep(la.lu(t(dtype, a, 2, n, n)));
        assertArrayEquals(new long[] {2, n, n}, f.p().shape());
        for (int b = 0; b < 2; b++) {
            double[] plu = multiply(matrix(values(f.p()), b, n, n), n, n,
                    multiply(matrix(values(f.l()), b, n, n), n, n, matrix(values(f.u()), b, n, n), n), n);
            assertTrue(relError(matrix(a, b, n, n), plu) < tol(dtype), "P L U = A");
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void solveInvDetAndSlogdet(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        int n = 7;
        double[] a = random(3 * n * n, 4);
        double[] b = random(3 * n * 2, 5);
        Tensor at = t(dtype, a, 3, n, n);
        double[] x = values(keep(la.solve(at, t(dtype, b, 3, n, 2))));
        double[] inv = values(keep(la.inv(at)));
        double[] det = values(keep(la.det(at)));
        SignedLogDeterminant sl = keep(la.slogdet(at));
        for (int k = 0; k < 3; k++) {
            double[] ak = matrix(a, k, n, n);
            assertTrue(relError(matrix(b, k, n, 2), multiply(ak, n, n, matrix(x, k, n, 2), 2)) < tol(dtype));
            assertTrue(relError(identity(n), multiply(ak, n, n, matrix(inv, k, n, n), n)) < 10 * tol(dtype));
            double fromLog = values(sl.sign())[k] * Math.exp(values(sl.logAbsDet())[k]);
            assertEquals(det[k], fromLog, Math.abs(det[k]) * 10 * tol(dtype));
        }
        // A vector right-hand side gives a vector, as numpy.linalg.solve does.
        Tensor x1 = keep(la.solve(t(dtype, matrix(a, 0, n, n), n, n), t(dtype, matrix(b, 0, n, 1), n)));
        assertArrayEquals(new long[] {n}, x1.shape());
        // det of a 0 x 0 matrix is 1, of [[2, 1], [1, 3]] is 5.
        assertEquals(1.0, values(keep(la.det(t(dtype, new double[0], 0, 0))))[0]);
        assertEquals(5.0, values(keep(la.det(t(dtype, new double[] {2, 1, 1, 3}, 2, 2))))[0], 10 * tol(dtype));
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void solveBroadcastsBatchAxes(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        int n = 3;
        double[] a = random(2 * n * n, 6);
        double[] b = random(5 * n * 2, 7);
        Tensor x = keep(la.solve(t(dtype, a, 2, 1, n, n), t(dtype, b, 5, n, 2)));
        assertArrayEquals(new long[] {2, 5, n, 2}, x.shape());
        double[] xv = values(x);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                double[] ax = multiply(matrix(a, i, n, n), n, n, matrix(xv, i * 5 + j, n, 2), 2);
                assertTrue(relError(matrix(b, j, n, 2), ax) < tol(dtype), "batch " + i + "," + j);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void qrInEveryModeReconstructs(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        for (int[] mn : new int[][] {{11, 5}, {5, 11}, {1, 1}}) {
            int m = mn[0];
            int n = mn[1];
            int k = Math.min(m, n);
            double[] a = random(2 * m * n, m * 31L + n);
            Tensor at = t(dtype, a, 2, m, n);
            QrFactors reduced = keep(la.qr(at, QrMode.REDUCED));
            QrFactors complete = keep(la.qr(at, QrMode.COMPLETE));
            QrFactors r = keep(la.qr(at, QrMode.R_ONLY));
            assertArrayEquals(new long[] {2, m, k}, reduced.q().shape());
            assertArrayEquals(new long[] {2, m, m}, complete.q().shape());
            assertArrayEquals(new long[] {2, m, n}, complete.r().shape());
            assertEquals(null, r.q());
            assertArrayEquals(values(reduced.r()), values(r.r()), tol(dtype));
            for (int b = 0; b < 2; b++) {
                double[] q = matrix(values(reduced.q()), b, m, k);
                assertTrue(relError(matrix(a, b, m, n), multiply(q, m, k, matrix(values(reduced.r()), b, k, n), n))
                        < tol(dtype));
                double[] qc = matrix(values(complete.q()), b, m, m);
                assertTrue(relError(identity(m), multiply(transpose(qc, m, m), m, m, qc, m)) < tol(dtype));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void eighAndEigvalsh(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        int n = 13;
        double[] a = LinalgFixture.symmetric(n, 8);
        Tensor at = t(dtype, a, 1, n, n);
        EighFactors e = keep(la.eigh(at));
        double[] w = values(e.eigenvalues());
        double[] v = values(e.eigenvectors());
        assertArrayEquals(new long[] {1, n}, e.eigenvalues().shape());
        assertArrayEquals(w, values(keep(la.eigvalsh(at))), 10 * tol(dtype) * Math.abs(w[n - 1]));
        double[] vw = v.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                vw[i * n + j] *= w[j];
            }
            if (i > 0) {
                assertTrue(w[i - 1] <= w[i], "ascending");
            }
        }
        assertTrue(relError(multiply(a, n, n, v, n), vw) < 10 * tol(dtype), "A V = V diag(w)");
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void svdInEveryModeReconstructs(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        for (int[] mn : new int[][] {{9, 4}, {4, 9}, {1, 3}}) {
            int m = mn[0];
            int n = mn[1];
            int k = Math.min(m, n);
            double[] a = random(3 * m * n, m * 7L + n);
            Tensor at = t(dtype, a, 3, m, n);
            SvdFactors thin = keep(la.svd(at, SvdMode.THIN));
            SvdFactors full = keep(la.svd(at, SvdMode.FULL));
            SvdFactors vals = keep(la.svd(at, SvdMode.VALUES_ONLY));
            assertArrayEquals(new long[] {3, m, m}, full.u().shape());
            assertArrayEquals(new long[] {3, n, n}, full.vh().shape());
            assertArrayEquals(new long[] {3, k}, vals.s().shape());
            assertEquals(null, vals.u());
            double[] s = values(thin.s());
            assertArrayEquals(s, values(vals.s()), 10 * tol(dtype) * Math.abs(s[0]));
            for (int b = 0; b < 3; b++) {
                double[] us = matrix(values(thin.u()), b, m, k);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < k; j++) {
                        us[i * k + j] *= s[b * k + j];
                    }
                }
                assertTrue(relError(matrix(a, b, m, n), multiply(us, m, k, matrix(values(thin.vh()), b, k, n), n))
                        < 10 * tol(dtype));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void lstsqPinvNormAndCond(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        int m = 12;
        int n = 4;
        double[] a = random(m * n, 9);
        double[] b = random(m * 2, 10);
        Tensor at = t(dtype, a, m, n);
        LeastSquaresSolution ls = keep(la.lstsq(at, t(dtype, b, m, 2), -1));
        double[] x = values(ls.x());
        // The normal equations A^T A x = A^T b hold at the least-squares solution.
        double[] at2 = transpose(a, m, n);
        assertTrue(relError(multiply(at2, n, m, b, 2), multiply(multiply(at2, n, m, a, n), n, n, x, 2))
                < 100 * tol(dtype));
        assertEquals(n, ls.rank().getFloat());
        assertEquals(DType.I32, ls.rank().dtype());
        assertArrayEquals(new long[] {2}, ls.residuals().shape());
        double[] pinv = values(keep(la.pinv(at, 1e-15)));
        assertTrue(relError(a, multiply(multiply(a, m, n, pinv, m), m, m, a, n)) < 10 * tol(dtype), "A A+ A = A");
        double[] s = values(keep(la.svd(at, SvdMode.VALUES_ONLY)).s());
        assertEquals(s[0] / s[n - 1], values(keep(la.cond(at, MatrixNorm.TWO)))[0], 1e3 * tol(dtype) * s[0] / s[n - 1]);
        double fro = 0;
        for (double v : a) {
            fro += v * v;
        }
        assertEquals(Math.sqrt(fro), values(keep(la.norm(at, MatrixNorm.FROBENIUS)))[0], 10 * tol(dtype) * fro);
        // A vector is an n x 1 column: ord 1 sums magnitudes, inf takes the largest.
        Tensor v = t(dtype, new double[] {3, -4, 1}, 3);
        assertEquals(8.0, values(keep(la.norm(v, MatrixNorm.ONE)))[0], tol(dtype));
        assertEquals(4.0, values(keep(la.norm(v, MatrixNorm.INF)))[0], tol(dtype));
        // Rank-deficient: no residuals, as NumPy.
        double[] deficient = new double[m * n];
        for (int i = 0; i < m; i++) {
            deficient[i * n] = deficient[i * n + 1] = a[i * n];
        }
        LeastSquaresSolution rd = keep(la.lstsq(t(dtype, deficient, m, n), t(dtype, b, m, 2), -1));
        assertEquals(1, rd.rank().getFloat());
        assertArrayEquals(new long[] {0}, rd.residuals().shape());
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void einsumContractions(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        double[] a = random(2 * 3 * 5, 11);
        double[] b = random(2 * 5 * 4, 12);
        Tensor at = t(dtype, a, 2, 3, 5);
        Tensor bt = t(dtype, b, 2, 5, 4);
        double[] c = values(keep(la.einsum("bij,bjk->bik", at, bt)));
        for (int k = 0; k < 2; k++) {
            assertTrue(relError(multiply(matrix(a, k, 3, 5), 3, 5, matrix(b, k, 5, 4), 4), matrix(c, k, 3, 4))
                    < tol(dtype));
        }
        Tensor trace = keep(la.einsum("ii->", t(dtype, new double[] {1, 2, 3, 4}, 2, 2)));
        assertEquals(0, trace.rank());
        assertEquals(5.0, values(trace)[0]);
        Tensor tr = keep(la.einsum("ij->ji", t(dtype, new double[] {1, 2, 3, 4, 5, 6}, 2, 3)));
        assertArrayEquals(new long[] {3, 2}, tr.shape());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, values(tr));
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void einsumWithEllipsisBroadcastsAsNumpy(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        double[] a = random(2 * 3 * 4, 13);
        double[] b = random(5 * 4 * 2, 14);
        Tensor at = t(dtype, a, 2, 1, 3, 4);
        Tensor bt = t(dtype, b, 5, 4, 2);
        for (String subscripts : new String[] {"...ij,...jk->...ik", "...ij,...jk"}) {
            Tensor c = keep(la.einsum(subscripts, at, bt));
            assertArrayEquals(new long[] {2, 5, 3, 2}, c.shape(), subscripts);
            double[] cv = values(c);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 5; j++) {
                    double[] expected = multiply(matrix(a, i, 3, 4), 3, 4, matrix(b, j, 4, 2), 2);
                    assertTrue(relError(expected, matrix(cv, i * 5 + j, 3, 2)) < tol(dtype), subscripts);
                }
            }
        }
        // Sum over the first axis, keeping the rest; batched diagonals.
        Tensor sum = keep(la.einsum("i...->...", t(dtype, new double[] {1, 2, 3, 4, 5, 6}, 3, 2)));
        assertArrayEquals(new double[] {9, 12}, values(sum));
        Tensor diag = keep(la.einsum("...ii->...i", t(dtype, new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2)));
        assertArrayEquals(new long[] {2, 2}, diag.shape());
        assertArrayEquals(new double[] {1, 4, 5, 8}, values(diag));
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void emptyBatchesAndStridedViews(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        Tensor none = keep(la.cholesky(t(dtype, new double[0], 0, 4, 4)));
        assertArrayEquals(new long[] {0, 4, 4}, none.shape());
        assertArrayEquals(new long[] {0, 3}, keep(la.svd(t(dtype, new double[0], 0, 3, 5), SvdMode.VALUES_ONLY)).s()
                .shape());
        // A transposed view is copied to a contiguous operand first: inv(A^T) = inv(A)^T.
        int n = 6;
        double[] a = random(n * n, 15);
        Tensor at = t(dtype, a, n, n);
        Tensor view = keep(at.transpose(0, 1));
        double[] invOfTranspose = values(keep(la.inv(view)));
        double[] inv = values(keep(la.inv(at)));
        assertTrue(relError(transpose(inv, n, n), invOfTranspose) < 10 * tol(dtype));
    }

    @ParameterizedTest
    @MethodSource("backendsAndDtypes")
    void agreesWithNumpyGoldens(String backend, DType dtype) {
        LinearAlgebra la = service(backend);
        var spd = LinalgFixture.golden("spd_64x64");
        Tensor a = t(dtype, spd.get("a"), 64, 64);
        // F32 input is the golden matrix rounded to float: results move by cond(A) * 6e-8 at most.
        double tol = dtype == DType.F64 ? 1e-12 : 1e-5;
        assertTrue(relError(spd.get("chol"), values(keep(la.cholesky(a)))) < tol, "cholesky");
        assertTrue(relError(spd.get("svals"), values(keep(la.svd(a, SvdMode.VALUES_ONLY)).s())) < tol, "svd");
        assertTrue(relError(spd.get("eigvals"), values(keep(la.eigvalsh(a)))) < tol, "eigvalsh");
        assertTrue(relError(spd.get("inv"), values(keep(la.inv(a)))) < tol, "inv");
        var tall = LinalgFixture.golden("tall_40x12");
        LeastSquaresSolution ls = keep(la.lstsq(t(dtype, tall.get("a"), 40, 12), t(dtype, tall.get("b"), 40, 3), -1));
        assertTrue(relError(tall.get("lstsq_x"), values(ls.x())) < tol, "lstsq x");
        assertTrue(relError(tall.get("lstsq_residuals"), values(ls.residuals())) < tol, "lstsq residuals");
        assertTrue(relError(tall.get("pinv"), values(keep(la.pinv(t(dtype, tall.get("a"), 40, 12), 1e-15)))) < tol);
        // Norms and the 2-norm condition number against NumPy, not against this service's own SVD.
        Tensor tallA = t(dtype, tall.get("a"), 40, 12);
        double cond2 = tall.get("cond2")[0];
        assertEquals(cond2, values(keep(la.cond(tallA, MatrixNorm.TWO)))[0], tol * cond2, "cond 2");
        double[] norms = tall.get("norms");
        MatrixNorm[] kinds = {MatrixNorm.FROBENIUS, MatrixNorm.ONE, MatrixNorm.INF, MatrixNorm.TWO};
        for (int i = 0; i < kinds.length; i++) {
            assertEquals(norms[i], values(keep(la.norm(tallA, kinds[i])))[0], tol * norms[i], "norm " + kinds[i]);
        }
    }
}
