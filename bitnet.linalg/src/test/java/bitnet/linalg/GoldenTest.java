package bitnet.linalg;

import static bitnet.linalg.TestMatrices.assertBelow;
import static bitnet.linalg.TestMatrices.orthogonalityError;
import static bitnet.linalg.TestMatrices.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SvdMode;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Results against NumPy 2.x / OpenBLAS LAPACK on well- and ill-conditioned, rank-deficient, symmetric, tall and
 * wide matrices (files from src/test/python/gen_golden.py).
 */
class GoldenTest {
    /**
     * Backward-stable decompositions reproduce A to a small multiple of eps * n; with n &lt;= 64 and eps = 2.2e-16,
     * 1e-13 leaves a factor of ~7 over the worst case n * eps = 1.4e-14.
     */
    private static final double RECONSTRUCTION = 1e-13;
    /** Same bound for Q^T Q = I, U^T U = I, V^T V = I. */
    private static final double ORTHOGONALITY = 1e-13;
    /**
     * Singular values and eigenvalues are perturbed by at most ~n * eps * ||A||_2 by either implementation, so the
     * two agree to 1e-13 * ||A||_2 for n &lt;= 64 whatever the conditioning.
     */
    private static final double SPECTRUM = 1e-13;
    /** Quantities with condition number 1 in the data (norms, Cholesky of a well-conditioned SPD matrix). */
    private static final double WELL_POSED = 1e-12;
    /**
     * Solutions, inverses, pseudo-inverses, determinants and condition numbers move with cond(A) * eps; this bound
     * is scaled by the case's cond(A), with a floor.
     */
    private static final double PER_CONDITION = 1e-14;

    static Stream<Golden> cases() {
        return Arrays.stream(Golden.CASES).map(Golden::load);
    }

    static Stream<Golden> symmetric() {
        return Golden.loadAll(Golden.SYMMETRIC);
    }

    static Stream<Golden> positiveDefinite() {
        return Golden.loadAll(Golden.POSITIVE_DEFINITE);
    }

    static Stream<Golden> invertible() {
        return Golden.loadAll(Golden.INVERTIBLE);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachFileHoldsExactlyTheBlocksItsCaseListsPromise(Golden g) {
        // A block the generator stopped writing fails here instead of silently shrinking the tests below.
        String n = g.name();
        assertEquals(Golden.INVERTIBLE.contains(n), g.has("inv") && g.has("det") && g.has("solve_x"), n + " inverse");
        assertEquals(Golden.INVERTIBLE.contains(n), g.has("slogdet") && g.has("cond1"), n + " slogdet, cond1");
        assertEquals(Golden.SYMMETRIC.contains(n), g.has("eigvals"), n + " eigvals");
        assertEquals(Golden.POSITIVE_DEFINITE.contains(n), g.has("chol"), n + " chol");
        java.util.List<String> all = java.util.List.of(Golden.CASES);
        assertTrue(all.containsAll(Golden.INVERTIBLE) && all.containsAll(Golden.SYMMETRIC)
                && all.containsAll(Golden.POSITIVE_DEFINITE), "every listed case has a golden file");
    }

    private static double conditionBound(Golden g) {
        double cond = g.get("cond2").values()[0];
        return Math.max(1e-11, PER_CONDITION * 10 * Math.min(cond, 1e12));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void singularValuesAgree(Golden g) {
        double[] s = Svd.values(g.a(), g.rows(), g.cols());
        double[] ref = g.get("svals").values();
        assertEquals(ref.length, s.length);
        for (int i = 0; i < s.length; i++) {
            assertBelow(Math.abs(s[i] - ref[i]), SPECTRUM * ref[0], g + " singular value " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void svdReconstructsAndIsOrthogonal(Golden g) {
        int m = g.rows();
        int n = g.cols();
        int k = Math.min(m, n);
        for (SvdMode mode : new SvdMode[] {SvdMode.THIN, SvdMode.FULL}) {
            SvdResult r = Svd.decompose(g.a(), m, n, mode);
            double[] us = new double[m * k];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    us[i * k + j] = r.u()[i * r.uCols() + j] * r.s()[j];
                }
            }
            double[] back = Matrices.multiply(us, m, k, Arrays.copyOf(r.vt(), k * n), n, 1);
            assertBelow(relativeError(g.a(), back), RECONSTRUCTION, g + " " + mode + " ||A - U S V^T|| / ||A||");
            assertBelow(orthogonalityError(r.u(), m, r.uCols()), ORTHOGONALITY, g + " " + mode + " U^T U - I");
            assertBelow(orthogonalityError(Matrices.transpose(r.vt(), r.vtRows(), n), n, r.vtRows()), ORTHOGONALITY,
                    g + " " + mode + " V^T V - I");
            assertEquals(mode == SvdMode.FULL ? m : k, r.uCols());
            assertEquals(mode == SvdMode.FULL ? n : k, r.vtRows());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void qrReconstructsAndMatchesR(Golden g) {
        int m = g.rows();
        int n = g.cols();
        for (QrMode mode : new QrMode[] {QrMode.REDUCED, QrMode.COMPLETE}) {
            QrResult r = Qr.decompose(g.a(), m, n, mode, 1);
            double[] qr = Matrices.multiply(r.q(), m, r.qCols(), r.r(), n, 1);
            assertBelow(relativeError(g.a(), qr), RECONSTRUCTION, g + " " + mode + " ||A - QR|| / ||A||");
            assertBelow(orthogonalityError(r.q(), m, r.qCols()), ORTHOGONALITY, g + " " + mode + " Q^T Q - I");
            for (int i = 0; i < r.rRows(); i++) {
                for (int j = 0; j < Math.min(i, n); j++) {
                    assertEquals(0.0, r.r()[i * n + j], g + " R below the diagonal");
                }
            }
        }
        // Householder QR with LAPACK's sign convention gives NumPy's R up to rounding.
        double[] ref = g.get("qr_r").values();
        double[] r = Qr.decompose(g.a(), m, n, QrMode.R_ONLY, 1).r();
        double scale = g.get("svals").values()[0];
        for (int i = 0; i < ref.length; i++) {
            assertBelow(Math.abs(Math.abs(r[i]) - Math.abs(ref[i])), RECONSTRUCTION * 10 * scale, g + " |R| " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("symmetric")
    void eigenvaluesAgreeAndVectorsReconstruct(Golden g) {
        int n = g.rows();
        double[] ref = g.get("eigvals").values();
        double scale = Math.max(Math.abs(ref[0]), Math.abs(ref[n - 1]));
        EighResult r = SymmetricEigen.decompose(g.a(), n, true);
        double[] valuesOnly = SymmetricEigen.decompose(g.a(), n, false).eigenvalues();
        for (int i = 0; i < n; i++) {
            assertBelow(Math.abs(r.eigenvalues()[i] - ref[i]), SPECTRUM * scale, g + " eigenvalue " + i);
            assertBelow(Math.abs(valuesOnly[i] - ref[i]), SPECTRUM * scale, g + " eigvalsh " + i);
        }
        double[] v = r.eigenvectors();
        double[] vl = TestMatrices.diagTimes(v, n, n, r.eigenvalues());
        double[] back = Matrices.multiply(vl, n, n, Matrices.transpose(v, n, n), n, 1);
        assertBelow(relativeError(g.a(), back), RECONSTRUCTION, g + " ||A - V L V^T|| / ||A||");
        assertBelow(orthogonalityError(v, n, n), ORTHOGONALITY, g + " V^T V - I");
    }

    @ParameterizedTest
    @MethodSource("positiveDefinite")
    void choleskyAgrees(Golden g) {
        int n = g.rows();
        assertBelow(relativeError(g.get("chol").values(), Cholesky.factor(g.a(), n, 1)), WELL_POSED, g + " L");
    }

    @ParameterizedTest
    @MethodSource("invertible")
    void determinantsInverseAndSolveAgree(Golden g) {
        int n = g.rows();
        double bound = conditionBound(g);
        double det = Determinants.det(g.a(), n, 1);
        double refDet = g.get("det").values()[0];
        assertBelow(Math.abs(det - refDet), bound * Math.abs(refDet), g + " det");
        SignedLogDet sld = Determinants.signedLog(g.a(), n, 1);
        assertEquals(g.get("slogdet").values()[0], sld.sign(), g + " slogdet sign");
        assertBelow(Math.abs(sld.logAbsDet() - g.get("slogdet").values()[1]), bound * Math.max(1,
                Math.abs(sld.logAbsDet())), g + " slogdet log");
        assertBelow(relativeError(g.get("inv").values(), Inverse.invert(g.a(), n, 1)), bound, g + " inv");
        assertBelow(relativeError(g.get("solve_x").values(), Inverse.solve(g.a(), n, g.get("b").values(), 3, 1)),
                bound, g + " solve");
        double cond1 = Conditioning.cond(g.a(), n, n, MatrixNorm.ONE, 1);
        double refCond1 = g.get("cond1").values()[0];
        assertBelow(Math.abs(cond1 - refCond1), bound * refCond1, g + " cond 1");
        double estimate = Conditioning.estimateOne(g.a(), n, 1);
        // Hager's estimate is a lower bound, in practice within a factor of 3.
        assertBelow(estimate, refCond1 * (1 + bound), g + " cond 1 estimate above the true value");
        assertBelow(refCond1 / 3, estimate, g + " cond 1 estimate too low");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void leastSquaresAndPseudoInverseAgree(Golden g) {
        int m = g.rows();
        int n = g.cols();
        double bound = g.name().startsWith("ill") ? 1e-5 : 1e-10;
        LstsqResult r = LeastSquares.solve(g.a(), m, n, g.get("b").values(), 3, -1, 1);
        assertEquals((int) g.get("lstsq_rank").values()[0], r.rank(), g + " rank");
        assertBelow(relativeError(g.get("lstsq_x").values(), r.x()), bound, g + " lstsq x");
        double[] res = g.get("lstsq_residuals").values();
        assertEquals(res.length, r.residuals().length, g + " residual count");
        for (int j = 0; j < res.length; j++) {
            assertBelow(Math.abs(res[j] - r.residuals()[j]), 1e-10 * Math.max(1, res[j]), g + " residual " + j);
        }
        double[] pinv = PseudoInverse.compute(g.a(), m, n, PseudoInverse.DEFAULT_RCOND, 1);
        assertBelow(relativeError(g.get("pinv").values(), pinv), bound, g + " pinv");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void normsAndConditionAgree(Golden g) {
        int m = g.rows();
        int n = g.cols();
        double[] ref = g.get("norms").values();
        MatrixNorm[] kinds = {MatrixNorm.FROBENIUS, MatrixNorm.ONE, MatrixNorm.INF, MatrixNorm.TWO,
            MatrixNorm.NUCLEAR};
        for (int i = 0; i < kinds.length; i++) {
            double v = Norms.norm(g.a(), m, n, kinds[i]);
            assertBelow(Math.abs(v - ref[i]), WELL_POSED * ref[i], g + " norm " + kinds[i]);
        }
        double cond = Conditioning.cond(g.a(), m, n, MatrixNorm.TWO, 1);
        double refCond = g.get("cond2").values()[0];
        if (g.name().startsWith("rankdef")) {
            // Exact zeros come out as ~1e-16 noise on both sides: both condition numbers are merely huge.
            assertBelow(1e13, Math.min(cond, refCond), g + " cond 2 of a rank-deficient matrix");
        } else {
            // s_min carries an absolute error of ~n * eps * s_max, so cond carries ~n * eps * cond relative to itself.
            assertBelow(Math.abs(cond - refCond), 1e-13 * refCond * refCond, g + " cond 2");
        }
    }
}
