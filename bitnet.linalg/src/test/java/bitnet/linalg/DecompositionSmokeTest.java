package bitnet.linalg;

import static bitnet.linalg.TestMatrices.*;

import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SvdMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reconstruction and orthogonality on seeded random matrices of sizes that cross the block boundaries. */
class DecompositionSmokeTest {
    /** Backward-stable algorithms reconstruct to a small multiple of n * eps; 1e-12 leaves room up to n ~ 300. */
    private static final double RECONSTRUCTION = 1e-12;
    private static final double ORTHOGONALITY = 1e-12;

    @ParameterizedTest
    @CsvSource({"0", "1", "2", "5", "63", "64", "65", "130", "200"})
    void choleskyReconstructs(int n) {
        double[] a = spd(n, 11 + n);
        double[] l = Cholesky.factor(a, n, 2);
        double[] llt = Matrices.multiply(l, n, n, Matrices.transpose(l, n, n), n, 1);
        assertBelow(relativeError(a, llt), RECONSTRUCTION, "||A - L L^T|| / ||A||");
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "3", "64", "65", "150"})
    void choleskySolves(int n) {
        double[] a = spd(n, 3 + n);
        double[] x = random(n, 2, 4 + n);
        double[] b = Matrices.multiply(a, n, n, x, 2, 1);
        double[] got = Cholesky.solve(Cholesky.factor(a, n, 1), n, b, 2);
        assertBelow(relativeError(x, got), 1e-12, "Cholesky solve error (cond(A) ~ 5 by construction)");
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "3", "64", "65", "150"})
    void luSolves(int n) {
        double[] a = random(n, n, 5 + n);
        double[] x = random(n, 3, 7 + n);
        double[] b = Matrices.multiply(a, n, n, x, 3, 1);
        double[] got = Lu.solve(Lu.factor(a, n, 2), b, 3);
        assertBelow(relativeError(x, got), 1e-9, "solve error");
    }

    @ParameterizedTest
    @CsvSource({"1,1", "5,3", "3,5", "40,40", "70,33", "33,70", "100,100"})
    void qrReconstructs(int m, int n) {
        double[] a = random(m, n, 31L * m + n);
        for (QrMode mode : new QrMode[] {QrMode.REDUCED, QrMode.COMPLETE}) {
            QrResult r = Qr.decompose(a, m, n, mode, 2);
            double[] qr = Matrices.multiply(r.q(), m, r.qCols(), r.r(), n, 1);
            assertBelow(relativeError(a, qr), RECONSTRUCTION, mode + " ||A - QR|| / ||A||");
            assertBelow(orthogonalityError(r.q(), m, r.qCols()), ORTHOGONALITY, mode + " ||Q^T Q - I||");
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "2", "3", "10", "65", "120", "300"})
    void eighReconstructs(int n) {
        double[] a = symmetric(n, 17 + n);
        EighResult r = SymmetricEigen.decompose(a, n, true, 2);
        double[] v = r.eigenvectors();
        double[] vl = diagTimes(v, n, n, r.eigenvalues());
        double[] back = Matrices.multiply(vl, n, n, Matrices.transpose(v, n, n), n, 1);
        assertBelow(relativeError(a, back), RECONSTRUCTION, "||A - V L V^T|| / ||A||");
        assertBelow(orthogonalityError(v, n, n), ORTHOGONALITY, "||V^T V - I||");
    }

    @ParameterizedTest
    @CsvSource({"0,0", "0,3", "3,0", "1,1", "4,4", "7,3", "3,7", "50,50", "90,40", "40,90", "300,140"})
    void svdReconstructs(int m, int n) {
        double[] a = random(m, n, 97L * m + n);
        for (SvdMode mode : new SvdMode[] {SvdMode.THIN, SvdMode.FULL}) {
            SvdResult r = Svd.decompose(a, m, n, mode, 2);
            int k = Math.min(m, n);
            double[] us = new double[m * k];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    us[i * k + j] = r.u()[i * r.uCols() + j] * r.s()[j];
                }
            }
            double[] back = Matrices.multiply(us, m, k, java.util.Arrays.copyOf(r.vt(), k * n), n, 1);
            assertBelow(relativeError(a, back), RECONSTRUCTION, mode + " ||A - U S V^T|| / ||A||");
            assertBelow(orthogonalityError(r.u(), m, r.uCols()), ORTHOGONALITY, mode + " U");
            assertBelow(orthogonalityError(Matrices.transpose(r.vt(), r.vtRows(), n), n, r.vtRows()), ORTHOGONALITY,
                    mode + " V");
        }
    }
}
