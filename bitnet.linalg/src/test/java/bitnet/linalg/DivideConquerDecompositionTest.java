package bitnet.linalg;

import static bitnet.linalg.TestMatrices.assertBelow;
import static bitnet.linalg.TestMatrices.orthogonalityError;
import static bitnet.linalg.TestMatrices.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bitnet.api.linalg.SvdMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SymmetricEigen} and {@link Svd} with divide and conquer forced on (switch-over order 1, small leaves) on the
 * NumPy goldens, at the goldens' tolerances, and on seeded and structured matrices against the QL / QR paths.
 */
@Timeout(120)
class DivideConquerDecompositionTest {
    /** The goldens' bounds (see {@link GoldenTest}): n &lt;= 64, eps * n ~ 1.4e-14. */
    private static final double GOLDEN = 1e-13;
    /** Seeded matrices up to 300: a small multiple of n * eps, as {@link DecompositionSmokeTest} allows. */
    private static final double LARGE = 1e-12;
    private static final int OFF = Integer.MAX_VALUE;

    static Stream<Arguments> goldenCases() {
        return withLeaves(List.of(Golden.CASES));
    }

    static Stream<Arguments> symmetricGoldenCases() {
        return withLeaves(Golden.SYMMETRIC);
    }

    private static Stream<Arguments> withLeaves(List<String> names) {
        List<Arguments> out = new ArrayList<>();
        for (String name : names) {
            for (int leaf : new int[] {2, 5, TridiagonalDivideConquer.LEAF}) {
                out.add(Arguments.of(Golden.load(name), leaf));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("symmetricGoldenCases")
    void goldenEigh(Golden g, int leaf) {
        int n = g.rows();
        double[] ref = g.get("eigvals").values();
        double scale = Math.max(Math.abs(ref[0]), Math.abs(ref[n - 1]));
        EighResult r = SymmetricEigen.decompose(g.a(), n, true, 1, 1, leaf);
        for (int i = 0; i < n; i++) {
            assertBelow(Math.abs(r.eigenvalues()[i] - ref[i]), GOLDEN * scale, g + " eigenvalue " + i);
        }
        checkEigh(g.a(), n, r, GOLDEN, g + " leaf " + leaf);
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void goldenSvd(Golden g, int leaf) {
        int m = g.rows();
        int n = g.cols();
        double[] ref = g.get("svals").values();
        for (SvdMode mode : new SvdMode[] {SvdMode.THIN, SvdMode.FULL}) {
            SvdResult r = Svd.decompose(g.a(), m, n, mode, 1, 1, leaf);
            for (int i = 0; i < ref.length; i++) {
                assertBelow(Math.abs(r.s()[i] - ref[i]), GOLDEN * ref[0], g + " " + mode + " singular value " + i);
            }
            checkSvd(g.a(), m, n, r, GOLDEN, g + " " + mode + " leaf " + leaf);
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "2", "3", "33", "64", "65", "66", "97", "130", "200", "300"})
    void randomSymmetricAgainstQl(int n) {
        double[] a = TestMatrices.symmetric(n, 41 + n);
        EighResult dc = SymmetricEigen.decompose(a, n, true, 2, 1, 8);
        EighResult ql = SymmetricEigen.decompose(a, n, true, 1, OFF, 8);
        assertSpectraAgree(ql.eigenvalues(), dc.eigenvalues(), "n=" + n);
        checkEigh(a, n, dc, LARGE, "random n=" + n);
        checkEigh(a, n, SymmetricEigen.decompose(a, n, true, 1), LARGE, "default switch n=" + n);
    }

    static Stream<Arguments> structuredSymmetric() {
        // No 1e-290 / 1e290 cases here: the Householder reductions before D&C under- and overflow there (D&C's own
        // scaling is tested on tridiagonals in TridiagonalDivideConquerTest).
        return Stream.of("identity", "diagRepeats", "clustered", "rankDeficient", "graded", "zero")
                .flatMap(kind -> Stream.of(1, 2, 40, 129, 150).map(n -> Arguments.of(kind, n)));
    }

    @ParameterizedTest
    @MethodSource("structuredSymmetric")
    void structuredSymmetricAgainstQl(String kind, int n) {
        double[] a = symmetricWithSpectrum(n, spectrum(kind, n), 7 + n);
        EighResult dc = SymmetricEigen.decompose(a, n, true, 1, 1, 4);
        EighResult ql = SymmetricEigen.decompose(a, n, true, 1, OFF, 4);
        assertSpectraAgree(ql.eigenvalues(), dc.eigenvalues(), kind + " n=" + n);
        checkEigh(a, n, dc, LARGE, kind + " n=" + n);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "2,2", "3,2", "2,3", "33,33", "40,40", "70,33", "33,70", "100,100", "130,129", "300,140",
        "140,300"})
    void randomSvdAgainstQr(int m, int n) {
        double[] a = TestMatrices.random(m, n, 13L * m + n);
        double[] ref = Svd.values(a, m, n);
        for (SvdMode mode : new SvdMode[] {SvdMode.THIN, SvdMode.FULL}) {
            SvdResult r = Svd.decompose(a, m, n, mode, 2, 1, 6);
            assertSpectraAgree(ref, r.s(), mode + " " + m + "x" + n);
            checkSvd(a, m, n, r, LARGE, mode + " " + m + "x" + n);
        }
        checkSvd(a, m, n, Svd.decompose(a, m, n, SvdMode.THIN, 1), LARGE, "default switch " + m + "x" + n);
    }

    @ParameterizedTest
    @MethodSource("structuredSymmetric")
    void structuredSvdAgainstSpectrum(String kind, int n) {
        // The same spectra as singular values (absolute values), on a non-symmetric U diag(s) V^T, tall by 3 rows.
        double[] s = spectrum(kind, n);
        int m = n + 3;
        double[] q1 = orthogonal(m, 3 + n);
        double[] q2 = orthogonal(n, 5 + n);
        double[] a = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < n; p++) {
                    sum += q1[i * m + p] * Math.abs(s[p]) * q2[j * n + p];
                }
                a[i * n + j] = sum;
            }
        }
        // Against the constructed spectrum, not another solver's estimate of it.
        double[] ref = new double[n];
        for (int i = 0; i < n; i++) {
            ref[i] = Math.abs(s[i]);
        }
        java.util.Arrays.sort(ref);
        for (int i = 0; i < n / 2; i++) {
            double t = ref[i];
            ref[i] = ref[n - 1 - i];
            ref[n - 1 - i] = t;
        }
        for (SvdMode mode : new SvdMode[] {SvdMode.THIN, SvdMode.FULL}) {
            SvdResult r = Svd.decompose(a, m, n, mode, 1, 1, 4);
            assertSpectraAgree(ref, r.s(), kind + " " + mode + " n=" + n);
            checkSvd(a, m, n, r, LARGE, kind + " " + mode + " n=" + n);
        }
    }

    private static double[] spectrum(String kind, int n) {
        Random r = new Random(n * 31L + kind.length());
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = switch (kind) {
                case "identity" -> 1;
                case "diagRepeats" -> i % 4 - 1.5;
                case "clustered" -> (i % 2 == 0 ? 1 : -1) * (1 + 1e-14 * r.nextGaussian());
                case "rankDeficient" -> i < n / 3 ? r.nextGaussian() : 0;
                case "graded" -> Math.pow(10, -15.0 * i / n);
                case "zero" -> 0;
                case "tiny" -> 1e-290 * r.nextGaussian();
                case "huge" -> 1e290 * r.nextGaussian();
                default -> throw new IllegalArgumentException(kind);
            };
        }
        return s;
    }

    /** Q diag(lambda) Q^T with a seeded orthogonal Q, exactly symmetric. */
    private static double[] symmetricWithSpectrum(int n, double[] lambda, long seed) {
        double[] q = orthogonal(n, seed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int p = 0; p < n; p++) {
                    sum += q[i * n + p] * lambda[p] * q[j * n + p];
                }
                a[i * n + j] = sum;
                a[j * n + i] = sum;
            }
        }
        return a;
    }

    private static double[] orthogonal(int n, long seed) {
        return Qr.decompose(TestMatrices.random(n, n, seed), n, n, bitnet.api.linalg.QrMode.COMPLETE, 1).q();
    }

    private static void assertSpectraAgree(double[] ref, double[] got, String what) {
        assertEquals(ref.length, got.length, what);
        double scale = 0;
        for (double v : ref) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < ref.length; i++) {
            assertBelow(Math.abs(got[i] - ref[i]), GOLDEN * scale, what + " value " + i);
        }
    }

    private static void checkEigh(double[] a, int n, EighResult r, double tol, String what) {
        double scale = scaleOf(a);
        double[] v = r.eigenvectors();
        double[] lambda = r.eigenvalues().clone();
        for (int i = 0; i < n; i++) {
            lambda[i] /= scale;
        }
        double[] back = Matrices.multiply(TestMatrices.diagTimes(v, n, n, lambda), n, n, Matrices.transpose(v, n, n),
                n, 1);
        assertBelow(relativeError(scaled(a, scale), back), tol, what + " ||A - V L V^T|| / ||A||");
        assertBelow(orthogonalityError(v, n, n), tol, what + " ||V^T V - I||");
    }

    private static void checkSvd(double[] a, int m, int n, SvdResult r, double tol, String what) {
        int k = Math.min(m, n);
        double scale = scaleOf(a);
        double[] us = new double[m * k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                us[i * k + j] = r.u()[i * r.uCols() + j] * (r.s()[j] / scale);
            }
        }
        double[] vtk = java.util.Arrays.copyOf(r.vt(), k * n);
        double[] back = Matrices.multiply(us, m, k, vtk, n, 1);
        assertBelow(relativeError(scaled(a, scale), back), tol, what + " ||A - U S V^T|| / ||A||");
        assertBelow(orthogonalityError(r.u(), r.uRows(), r.uCols()), tol, what + " ||U^T U - I||");
        assertBelow(orthogonalityError(Matrices.transpose(r.vt(), r.vtRows(), r.vtCols()), r.vtCols(), r.vtRows()),
                tol, what + " ||V V^T - I||");
    }

    private static double scaleOf(double[] a) {
        double s = Double.MIN_NORMAL;
        for (double v : a) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }

    private static double[] scaled(double[] a, double scale) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / scale;
        }
        return out;
    }
}
