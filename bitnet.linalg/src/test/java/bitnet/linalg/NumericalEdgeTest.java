package bitnet.linalg;

import static bitnet.linalg.TestMatrices.assertBelow;
import static bitnet.linalg.TestMatrices.orthogonalityError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.NotPositiveDefiniteException;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SingularMatrixException;
import bitnet.api.linalg.SvdMode;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-computed cases at the edges of the double range and of rank, in the scalar and the vector kernels: exact zeros
 * give exact answers; results beyond the range come out as infinity (as NumPy reports them), never NaN; elements near
 * 1e308 or subnormal are handled by scaling (each case here failed or lost its answer before it).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NumericalEdgeTest {
    /** Hand-computed values that pass through a few roundings. */
    private static final double ROUNDING = 1e-15;
    private static final double ORTHOGONALITY = 1e-13;
    /** 2^1023, the largest power of two: products or sums of two such elements overflow. */
    private static final double HUGE = 0x1p1023;

    static List<Kernels.Mode> modes() {
        return Kernels.vectorAvailable() ? List.of(Kernels.Mode.SCALAR, Kernels.Mode.VECTOR)
                : List.of(Kernels.Mode.SCALAR);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "3, 3", "4, 3", "3, 5", "40, 40", "70, 70", "45, 38"})
    void allZeroMatricesGiveExactZeros(int m, int n) {
        for (Kernels.Mode mode : modes()) {
            Kernels.run(mode, () -> assertZeroResults(m, n, mode + " " + m + " x " + n));
        }
    }

    private static void assertZeroResults(int m, int n, String what) {
        double[] zero = new double[m * n];
        int k = Math.min(m, n);
        assertArrayEquals(new double[k], Svd.values(zero, m, n), what + " singular values");
        for (SvdMode mode : new SvdMode[] {SvdMode.THIN, SvdMode.FULL}) {
            SvdResult r = Svd.decompose(zero, m, n, mode, 2);
            assertArrayEquals(new double[k], r.s(), what + " " + mode + " s");
            assertBelow(orthogonalityError(r.u(), m, r.uCols()), ORTHOGONALITY, what + " " + mode + " U");
            assertBelow(orthogonalityError(Matrices.transpose(r.vt(), r.vtRows(), n), n, r.vtRows()),
                    ORTHOGONALITY, what + " " + mode + " V");
        }
        QrResult qr = Qr.decompose(zero, m, n, QrMode.COMPLETE, 2);
        assertArrayEquals(Matrices.identity(m), qr.q(), what + " Q of zero is I");
        assertArrayEquals(new double[m * n], qr.r(), what + " R");
        assertArrayEquals(new double[n * m], PseudoInverse.compute(zero, m, n, 1e-15, 2), what + " pinv");
        LstsqResult ls = LeastSquares.solve(zero, m, n, TestMatrices.random(m, 2, 3), 2, -1, 2);
        assertArrayEquals(new double[n * 2], ls.x(), what + " lstsq x");
        assertEquals(0, ls.rank(), what + " lstsq rank");
        for (MatrixNorm kind : MatrixNorm.values()) {
            assertEquals(0.0, Norms.norm(zero, m, n, kind), what + " norm " + kind);
        }
        // NumPy's cond turns 0 / 0 into +inf for a matrix without NaN.
        assertEquals(Double.POSITIVE_INFINITY, Conditioning.cond(zero, m, n, MatrixNorm.TWO, 2), what + " cond");
        if (m == n) {
            for (boolean vectors : new boolean[] {false, true}) {
                EighResult e = SymmetricEigen.decompose(zero, n, vectors, 2);
                assertArrayEquals(new double[n], e.eigenvalues(), what + " eigenvalues");
                if (vectors) {
                    assertBelow(orthogonalityError(e.eigenvectors(), n, n), ORTHOGONALITY, what + " eigenvectors");
                }
            }
            assertEquals(0.0, Determinants.det(zero, n, 2), what + " det");
            assertEquals(new SignedLogDet(0, Double.NEGATIVE_INFINITY), Determinants.signedLog(zero, n, 2));
            assertEquals(0, assertThrows(SingularMatrixException.class, () -> Inverse.invert(zero, n, 2))
                    .pivotIndex(), what + " inv");
            assertEquals(1, assertThrows(NotPositiveDefiniteException.class, () -> Cholesky.factor(zero, n, 2))
                    .minorOrder(), what + " cholesky");
            assertEquals(Double.POSITIVE_INFINITY, Conditioning.cond(zero, n, n, MatrixNorm.ONE, 2));
            assertEquals(Double.POSITIVE_INFINITY, Conditioning.estimateOne(zero, n, 2));
        }
    }

    @ParameterizedTest
    @MethodSource("modes")
    void zeroRowsAndColumnsAndRankOneAreExact(Kernels.Mode mode) {
        Kernels.run(mode, () -> {
            // [[1, 2, 0], [3, 4, 0], [0, 0, 0]]: a zero row and a zero column around an invertible 2 x 2 block.
            double[] a = {1, 2, 0, 3, 4, 0, 0, 0, 0};
            assertEquals(0.0, Determinants.det(a, 3, 1), "det");
            assertEquals(2, assertThrows(SingularMatrixException.class, () -> Inverse.solve(a, 3, new double[3], 1,
                    1)).pivotIndex(), "the zero pivot");
            // A^T A of the block is [[10, 14], [14, 20]]: s^2 = 15 +- sqrt(221).
            double[] s = Svd.values(a, 3, 3);
            assertEquals(Math.sqrt(15 + Math.sqrt(221)), s[0], ROUNDING * s[0], "s0");
            assertEquals(Math.sqrt(15 - Math.sqrt(221)), s[1], 1e-14 * s[0], "s1");
            assertEquals(0.0, s[2], "the zero singular value is exact");
            // The pseudo-inverse is the block's inverse [[-2, 1], [1.5, -0.5]] with a zero row and column.
            double[] pinv = PseudoInverse.compute(a, 3, 3, 1e-15, 1);
            assertArrayEquals(new double[] {-2, 1, 0, 1.5, -0.5, 0, 0, 0, 0}, pinv, 1e-14, "pinv");
            assertEquals(2, LeastSquares.solve(a, 3, 3, new double[] {1, 2, 3}, 1, -1, 1).rank(), "rank");

            // The rank-one u v^T with u = (1, 2, 3), v = (1, 2): s = |u| |v| = sqrt(70), pinv = v u^T / 70.
            double[] r1 = {1, 2, 2, 4, 3, 6};
            double[] s1 = Svd.values(r1, 3, 2);
            assertEquals(Math.sqrt(70), s1[0], ROUNDING * s1[0], "rank-one s0");
            assertBelow(s1[1], 1e-15 * s1[0], "rank-one s1");
            LstsqResult ls = LeastSquares.solve(r1, 3, 2, new double[] {1, 2, 3}, 1, -1, 1);
            assertEquals(1, ls.rank(), "rank one");
            // The minimum-norm solution of u v^T x = u is v / |v|^2 = (0.2, 0.4).
            assertArrayEquals(new double[] {0.2, 0.4}, ls.x(), 1e-15, "lstsq minimum norm");
            assertArrayEquals(new double[] {1 / 70.0, 2 / 70.0, 3 / 70.0, 2 / 70.0, 4 / 70.0, 6 / 70.0},
                    PseudoInverse.compute(r1, 3, 2, 1e-15, 1), 1e-16, "rank-one pinv");
            // A zero middle row: the LU pivot there is exactly zero.
            double[] z = {2, 1, 1, 0, 0, 0, 1, 3, 5};
            assertEquals(0.0, Determinants.det(z, 3, 1), "det with a zero row");
            assertEquals(new SignedLogDet(0, Double.NEGATIVE_INFINITY), Determinants.signedLog(z, 3, 1));
        });
    }

    @ParameterizedTest
    @MethodSource("modes")
    void elementsNearTheTopOfTheRangeAreScaled(Kernels.Mode mode) {
        Kernels.run(mode, () -> {
            double c = HUGE;
            // Unscaled, alpha - beta of the first reflector overflowed and R came out wrong.
            double[] h = {c, c, c, -c};
            QrResult qr = Qr.decompose(h, 2, 2, QrMode.REDUCED, 1);
            double r = Math.sqrt(2) * c;
            assertEquals(r, Math.abs(qr.r()[0]), ROUNDING * r, "|R00|");
            assertBelow(Math.abs(qr.r()[1]), ROUNDING * r, "R01");
            assertEquals(r, Math.abs(qr.r()[3]), ROUNDING * r, "|R11|");
            assertBelow(orthogonalityError(qr.q(), 2, 2), ORTHOGONALITY, "Q");
            assertArrayEquals(new double[] {r, r}, Svd.values(h, 2, 2), ROUNDING * r, "singular values");

            // [[c, c], [-c, c]]: U's second pivot 2c overflowed, log|det| became infinite and the solve lost x.
            double[] g = {c, c, -c, c};
            assertEquals(Double.POSITIVE_INFINITY, Determinants.det(g, 2, 1), "det = 2 c^2 is out of range");
            SignedLogDet sld = Determinants.signedLog(g, 2, 1);
            assertEquals(1.0, sld.sign());
            assertEquals(2047 * Math.log(2), sld.logAbsDet(), ROUNDING * 2047, "log|det| = ln 2 + 2046 ln 2");
            // A^-1 = [[1, -1], [1, 1]] / (2c), so x = A^-1 (1, 1) = (0, 1 / c): exact powers of two.
            assertArrayEquals(new double[] {0, 0x1p-1023}, Inverse.solve(g, 2, new double[] {1, 1}, 1, 1), "solve");
            assertArrayEquals(new double[] {0x1p-1024, -0x1p-1024, 0x1p-1024, 0x1p-1024}, Inverse.invert(g, 2, 1),
                    "inverse");
            assertEquals(1.0, Conditioning.cond(g, 2, 2, MatrixNorm.TWO, 1), ROUNDING, "cond 2");
            assertEquals(2.0, Conditioning.cond(g, 2, 2, MatrixNorm.ONE, 1), ROUNDING, "cond 1");

            // [[4, 2], [2, 2]] 2^1020 = L L^T with L = 2^510 [[2, 0], [1, 1]].
            double[] spd = {0x1p1022, 0x1p1021, 0x1p1021, 0x1p1021};
            assertArrayEquals(new double[] {0x1p511, 0, 0x1p510, 0x1p510}, Cholesky.factor(spd, 2, 1), "cholesky");
            double[] eig = SymmetricEigen.decompose(new double[] {0, c, c, 0}, 2, false).eigenvalues();
            assertArrayEquals(new double[] {-c, c}, eig, ROUNDING * c, "eigenvalues +-c");

            // [[c, c], [c, c]] has s = (2c, 0): 2c is beyond the range and comes out as infinity, as NumPy's does.
            SvdResult over = Svd.decompose(new double[] {c, c, c, c}, 2, 2, SvdMode.FULL);
            assertEquals(Double.POSITIVE_INFINITY, over.s()[0], "2c overflows");
            assertEquals(0.0, over.s()[1], ROUNDING * c, "the second singular value");
            assertBelow(orthogonalityError(over.u(), 2, 2), ORTHOGONALITY, "U stays orthogonal");
            assertBelow(orthogonalityError(over.vt(), 2, 2), ORTHOGONALITY, "V stays orthogonal");
        });
    }

    @ParameterizedTest
    @MethodSource("modes")
    void subnormalElementsAreScaled(Kernels.Mode mode) {
        Kernels.run(mode, () -> {
            // Unscaled, everything below 2^-966 counted as negligible in the QR iteration: both values came out 0.
            assertArrayEquals(new double[] {0x1p-1070, 0x1p-1072}, Svd.values(new double[] {0x1p-1072, 0, 0,
                0x1p-1070}, 2, 2), "subnormal singular values");
            // 2^-1062 [[2, 1], [1, 2]] has eigenvalues 2^-1062 and 3 2^-1062, both exact subnormals.
            double[] eig = SymmetricEigen.decompose(new double[] {0x1p-1061, 0x1p-1062, 0x1p-1062, 0x1p-1061}, 2,
                    false).eigenvalues();
            assertArrayEquals(new double[] {0x1p-1062, 3 * 0x1p-1062}, eig, "subnormal eigenvalues");
            // 1 / 2^-1070 overflows: the solve divides instead.
            assertArrayEquals(new double[] {1}, Inverse.solve(new double[] {0x1p-1070}, 1, new double[] {0x1p-1070}, 1,
                    1), "solve");
            assertArrayEquals(new double[] {0x1p1020}, Cholesky.solve(new double[] {0x1p-1030}, 1,
                    new double[] {0x1p-1040}, 1), "Cholesky solve with a subnormal factor");
            // A naive product of the pivots underflows to 0 on the way: 2^-600 2^-600 2^700 = 2^-500.
            assertEquals(0x1p-500, Determinants.det(diagonal(0x1p-600, 0x1p-600, 0x1p700), 3, 1), "det");
            // ... or overflows: 1e300 1e300 1e-300 (NumPy: 9.999999999999763e+299 through exp(log|det|)).
            assertEquals(1e300, Determinants.det(diagonal(1e300, 1e300, 1e-300), 3, 1), 2 * Math.ulp(1e300), "det");

            // A column of subnormal norm inside a matrix of norm 1: 1 / (alpha - beta) of its reflector overflowed.
            double t = 0x1p-1060;
            double[] a = {1, 0, 0, 0, t, t, 0, t, -t};
            QrResult qr = Qr.decompose(a, 3, 3, QrMode.REDUCED, 1);
            assertBelow(orthogonalityError(qr.q(), 3, 3), ORTHOGONALITY, "Q");
            // |R| = diag(1, sqrt2 t, sqrt2 t), rounded to the 14 bits a subnormal near 2^-1060 holds.
            assertEquals(1.0, Math.abs(qr.r()[0]), "R00");
            assertEquals(Math.sqrt(2) * t, Math.abs(qr.r()[4]), 0x1p-13 * t, "R11");
            assertEquals(Math.sqrt(2) * t, Math.abs(qr.r()[8]), 0x1p-13 * t, "R22");
            SvdResult svd = Svd.decompose(a, 3, 3, SvdMode.FULL);
            assertEquals(1.0, svd.s()[0], "s0");
            assertBelow(orthogonalityError(svd.u(), 3, 3), ORTHOGONALITY, "U");
            assertBelow(orthogonalityError(svd.vt(), 3, 3), ORTHOGONALITY, "V");
            for (double v : svd.s()) {
                assertTrue(Double.isFinite(v), "finite singular values");
            }
        });
    }

    private static double[] diagonal(double... d) {
        double[] a = new double[d.length * d.length];
        for (int i = 0; i < d.length; i++) {
            a[i * d.length + i] = d[i];
        }
        return a;
    }
}
