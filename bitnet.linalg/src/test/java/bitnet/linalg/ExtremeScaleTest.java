package bitnet.linalg;

import static bitnet.linalg.TestMatrices.assertBelow;
import static bitnet.linalg.TestMatrices.orthogonalityError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SvdMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation on Gaussian matrices multiplied by 1e290, 1e-295, 1e300, 1e-300 and 2^1020 (elements up to
 * ~7.6e307; F64) and by 1e36 and 1e-36 (F32, through {@link Linalg32}), 43 x 40, 50 x 50 and small, against NumPy
 * (src/test/python/gen_extremes.py), in the scalar and the vector kernels. Before LAPACK's scaling, the SVD of the 43 x 40 matrix at 1e290 never returned
 * and eigvalsh at 1e-295 was 19 % off; a hang now fails at the timeout instead of blocking the build.
 *
 * <p>Tolerances are {@link GoldenTest}'s, applied after taking out the scale by a power of two (exact); F32 results
 * add {@link #FLOAT_OUTPUT} for the one rounding of each output element to float.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExtremeScaleTest {
    private static final double RECONSTRUCTION = 1e-13;
    private static final double ORTHOGONALITY = 1e-13;
    private static final double SPECTRUM = 1e-13;
    private static final double WELL_POSED = 1e-12;
    private static final double PER_CONDITION = 1e-14;
    /** GoldenTest's bound for lstsq and pinv of well-conditioned matrices. */
    private static final double SOLUTION = 1e-10;
    /**
     * Rounding every element of F32 outputs once to float perturbs each by at most 2^-24 relative; a product of three
     * rounded factors of order at most 50 (U S V^T, Q R, V L V^T) then moves by less than 3 sqrt(50) 2^-24 &lt; 32
     * 2^-24 relative to its norm.
     */
    private static final double FLOAT_OUTPUT = 32 * 0x1p-24;

    private record Shape(String name, int m, int n) {
        boolean square() {
            return m == n;
        }
    }

    private static final Shape[] SHAPES = {new Shape("tall_43x40", 43, 40), new Shape("square_50x50", 50, 50),
        new Shape("one_1x1", 1, 1), new Shape("square_3x3", 3, 3), new Shape("tall_4x3", 4, 3),
        new Shape("wide_3x5", 3, 5)};

    private static final Golden BASE = Golden.load("extremes/base");

    /** One golden file (a scale and a dtype) in one kernel mode. */
    record Case(String file, double factor, double symFactor, double spdFactor, boolean f32, Kernels.Mode mode) {
        @Override
        public String toString() {
            return file + " " + mode;
        }

        Golden golden() {
            return Golden.load("extremes/" + file);
        }

        /** The base matrix times the factor, an IEEE product as NumPy's (and rounded to float for F32). */
        double[] matrix(Shape s, String kind) {
            double[] base = BASE.get(s.name() + "." + kind).values();
            double f = switch (kind) {
                case "sym" -> symFactor;
                case "spd" -> spdFactor;
                default -> factor;
            };
            double[] a = new double[base.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = f32 ? (float) (base[i] * f) : base[i] * f;
            }
            return a;
        }

        double[] rhs(Shape s) {
            double[] b = BASE.get(s.name() + ".b").values().clone();
            for (int i = 0; i < b.length && f32; i++) {
                b[i] = (float) b[i];
            }
            return b;
        }

        /** The tolerance for an output of the operation's dtype (F32 outputs are rounded once more). */
        double out(double f64Tolerance) {
            return f32 ? f64Tolerance + FLOAT_OUTPUT : f64Tolerance;
        }

        <T> T run(Supplier<T> body) {
            return Kernels.call(mode, body);
        }

        SvdResult svd(double[] a, int m, int n, SvdMode svdMode) {
            return run(() -> {
                if (!f32) {
                    return Svd.decompose(a, m, n, svdMode, 2);
                }
                Linalg32.Svd32 r = Linalg32.svd(Linalg32.narrow(a), m, n, svdMode);
                return new SvdResult(Linalg32.widen(r.s()), Linalg32.widen(r.u()), r.uRows(), r.uCols(),
                        Linalg32.widen(r.vt()), r.vtRows(), r.vtCols());
            });
        }

        EighResult eigh(double[] a, int n, boolean vectors) {
            return run(() -> {
                if (!f32) {
                    return SymmetricEigen.decompose(a, n, vectors, 2);
                }
                Linalg32.Eigh32 r = Linalg32.eigh(Linalg32.narrow(a), n, vectors);
                return new EighResult(Linalg32.widen(r.eigenvalues()), Linalg32.widen(r.eigenvectors()), n);
            });
        }

        QrResult qr(double[] a, int m, int n, QrMode qrMode) {
            return run(() -> {
                if (!f32) {
                    return Qr.decompose(a, m, n, qrMode, 2);
                }
                Linalg32.Qr32 r = Linalg32.qr(Linalg32.narrow(a), m, n, qrMode, 2);
                return new QrResult(Linalg32.widen(r.q()), r.qRows(), r.qCols(), Linalg32.widen(r.r()), r.rRows(),
                        r.rCols());
            });
        }

        double[] cholesky(double[] a, int n) {
            return run(() -> f32 ? Linalg32.widen(Linalg32.cholesky(Linalg32.narrow(a), n, 2))
                    : Cholesky.factor(a, n, 2));
        }

        double[] solve(double[] a, int n, double[] b, int nrhs) {
            return run(() -> f32 ? Linalg32.widen(Linalg32.solve(Linalg32.narrow(a), n, Linalg32.narrow(b), nrhs, 2))
                    : Inverse.solve(a, n, b, nrhs, 2));
        }

        double[] inv(double[] a, int n) {
            return run(() -> f32 ? Linalg32.widen(Linalg32.inv(Linalg32.narrow(a), n, 2)) : Inverse.invert(a, n, 2));
        }

        double det(double[] a, int n) {
            return run(() -> f32 ? (double) Linalg32.det(Linalg32.narrow(a), n, 2) : Determinants.det(a, n, 2));
        }

        SignedLogDet slogdet(double[] a, int n) {
            return run(() -> f32 ? Linalg32.slogdet(Linalg32.narrow(a), n, 2) : Determinants.signedLog(a, n, 2));
        }

        double[] pinv(double[] a, int m, int n) {
            return run(() -> f32 ? Linalg32.widen(Linalg32.pinv(Linalg32.narrow(a), m, n, 1e-15, 2))
                    : PseudoInverse.compute(a, m, n, 1e-15, 2));
        }

        LstsqResult lstsq(double[] a, int m, int n, double[] b, int nrhs) {
            // NumPy's default rcond, eps(float64) * max(m, n): the goldens are float64 results for both dtypes.
            double rcond = Math.ulp(1.0) * Math.max(m, n);
            return run(() -> {
                if (!f32) {
                    return LeastSquares.solve(a, m, n, b, nrhs, rcond, 2);
                }
                Linalg32.Lstsq32 r = Linalg32.lstsq(Linalg32.narrow(a), m, n, Linalg32.narrow(b), nrhs, rcond, 2);
                return new LstsqResult(Linalg32.widen(r.x()), Linalg32.widen(r.residuals()), r.rank(),
                        Linalg32.widen(r.singularValues()));
            });
        }

        double norm(double[] a, int m, int n, MatrixNorm kind) {
            return run(() -> f32 ? Linalg32.norm(Linalg32.narrow(a), m, n, kind) : Norms.norm(a, m, n, kind));
        }

        double cond(double[] a, int m, int n, MatrixNorm kind) {
            return run(() -> f32 ? Linalg32.cond(Linalg32.narrow(a), m, n, kind, 2)
                    : Conditioning.cond(a, m, n, kind, 2));
        }
    }

    static List<Case> cases() {
        List<Kernels.Mode> modes = Kernels.vectorAvailable() ? List.of(Kernels.Mode.SCALAR, Kernels.Mode.VECTOR)
                : List.of(Kernels.Mode.SCALAR);
        List<Case> out = new ArrayList<>();
        for (Kernels.Mode mode : modes) {
            out.add(new Case("f64_1e290", 1e290, 1e290, 1e290, false, mode));
            out.add(new Case("f64_1e-295", 1e-295, 1e-295, 1e-295, false, mode));
            out.add(new Case("f64_1e300", 1e300, 1e300, 1e300, false, mode));
            out.add(new Case("f64_1e-300", 1e-300, 1e-300, 1e-300, false, mode));
            // The symmetric matrix at 2^1016 and the SPD one at 2^1012, so that their results stay finite.
            out.add(new Case("f64_2p1020", 0x1p1020, 0x1p1016, 0x1p1012, false, mode));
            out.add(new Case("f32_1e36", 1e36, 1e36, 1e36, true, mode));
            out.add(new Case("f32_1e-36", 1e-36, 1e-36, 1e-36, true, mode));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void singularValuesAndVectorsAgree(Case c) {
        Golden g = c.golden();
        for (Shape s : SHAPES) {
            int m = s.m();
            int n = s.n();
            double[] a = c.matrix(s, "a");
            double[] ref = g.get(s.name() + ".svals").values();
            String what = c + " " + s.name();
            assertSpectrum(ref, c.svd(a, m, n, SvdMode.VALUES_ONLY).s(), c.out(SPECTRUM), what + " svd values");
            for (SvdMode mode : new SvdMode[] {SvdMode.THIN, SvdMode.FULL}) {
                SvdResult r = c.svd(a, m, n, mode);
                assertSvd(a, m, n, ref, r, c, what + " " + mode);
            }
            if (!c.f32()) {
                // Both vector paths at every size: QR iteration (off below 33) and divide and conquer (on above).
                SvdResult qr = c.run(() -> Svd.decompose(a, m, n, SvdMode.THIN, 1, Integer.MAX_VALUE, 32));
                assertSvd(a, m, n, ref, qr, c, what + " QR iteration");
                SvdResult dc = c.run(() -> Svd.decompose(a, m, n, SvdMode.FULL, 1, 1, 5));
                assertSvd(a, m, n, ref, dc, c, what + " divide and conquer");
            }
        }
    }

    private static void assertSvd(double[] a, int m, int n, double[] ref, SvdResult r, Case c, String what) {
        int k = Math.min(m, n);
        assertSpectrum(ref, r.s(), c.out(SPECTRUM), what + " singular values");
        // A and S brought to unit scale by the same power of two: U S V^T is then formed without overflow.
        int e = unitExponent(ref[0]);
        double[] us = new double[m * k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                us[i * k + j] = r.u()[i * r.uCols() + j] * Math.scalb(r.s()[j], e);
            }
        }
        double[] back = Matrices.multiply(us, m, k, java.util.Arrays.copyOf(r.vt(), k * n), n, 1);
        assertBelow(relativeError(scaled(a, e), back), c.out(RECONSTRUCTION), what + " ||A - U S V^T|| / ||A||");
        assertBelow(orthogonalityError(r.u(), m, r.uCols()), c.out(ORTHOGONALITY), what + " U^T U - I");
        assertBelow(orthogonalityError(Matrices.transpose(r.vt(), r.vtRows(), n), n, r.vtRows()),
                c.out(ORTHOGONALITY), what + " V^T V - I");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eigenvaluesAndVectorsAgree(Case c) {
        Golden g = c.golden();
        for (Shape s : SHAPES) {
            if (!s.square()) {
                continue;
            }
            int n = s.n();
            double[] a = c.matrix(s, "sym");
            double[] ref = g.get(s.name() + ".eigvals").values();
            String what = c + " " + s.name();
            assertSpectrum(ref, c.eigh(a, n, false).eigenvalues(), c.out(SPECTRUM), what + " eigvalsh");
            assertEigh(a, n, ref, c.eigh(a, n, true), c, what + " eigh");
            if (!c.f32()) {
                EighResult dc = c.run(() -> SymmetricEigen.decompose(a, n, true, 1, 1, 5));
                assertEigh(a, n, ref, dc, c, what + " eigh divide and conquer");
            }
        }
    }

    private static void assertEigh(double[] a, int n, double[] ref, EighResult r, Case c, String what) {
        assertSpectrum(ref, r.eigenvalues(), c.out(SPECTRUM), what + " eigenvalues");
        int e = unitExponent(maxAbs(ref));
        double[] v = r.eigenvectors();
        double[] vl = TestMatrices.diagTimes(v, n, n, scaled(r.eigenvalues(), e));
        double[] back = Matrices.multiply(vl, n, n, Matrices.transpose(v, n, n), n, 1);
        assertBelow(relativeError(scaled(a, e), back), c.out(RECONSTRUCTION), what + " ||A - V L V^T|| / ||A||");
        assertBelow(orthogonalityError(v, n, n), c.out(ORTHOGONALITY), what + " V^T V - I");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void qrAgrees(Case c) {
        Golden g = c.golden();
        for (Shape s : SHAPES) {
            int m = s.m();
            int n = s.n();
            double[] a = c.matrix(s, "a");
            String what = c + " " + s.name();
            int e = unitExponent(g.get(s.name() + ".svals").values()[0]);
            for (QrMode mode : new QrMode[] {QrMode.REDUCED, QrMode.COMPLETE}) {
                QrResult r = c.qr(a, m, n, mode);
                double[] qr = Matrices.multiply(r.q(), m, r.qCols(), scaled(r.r(), e), n, 1);
                assertBelow(relativeError(scaled(a, e), qr), c.out(RECONSTRUCTION), what + " " + mode
                        + " ||A - QR|| / ||A||");
                assertBelow(orthogonalityError(r.q(), m, r.qCols()), c.out(ORTHOGONALITY), what + " " + mode
                        + " Q^T Q - I");
            }
            if (g.has(s.name() + ".qr_r")) {
                double[] ref = g.get(s.name() + ".qr_r").values();
                double[] r = c.qr(a, m, n, QrMode.R_ONLY).r();
                double smax = g.get(s.name() + ".svals").values()[0];
                for (int i = 0; i < ref.length; i++) {
                    assertBelow(Math.abs(Math.abs(r[i]) - Math.abs(ref[i])), c.out(RECONSTRUCTION * 10) * smax,
                            what + " |R| " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void choleskyAgrees(Case c) {
        Golden g = c.golden();
        for (Shape s : SHAPES) {
            if (s.square()) {
                double[] l = c.cholesky(c.matrix(s, "spd"), s.n());
                assertBelow(relativeError(g.get(s.name() + ".chol").values(), l), c.out(WELL_POSED), c + " "
                        + s.name() + " L");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void solveDeterminantsAndInverseAgree(Case c) {
        Golden g = c.golden();
        for (Shape s : SHAPES) {
            if (!s.square()) {
                continue;
            }
            int n = s.n();
            double[] a = c.matrix(s, "a");
            String what = c + " " + s.name();
            double bound = Math.max(1e-11, PER_CONDITION * 10 * g.get(s.name() + ".cond2").values()[0]);
            SignedLogDet sld = c.slogdet(a, n);
            double[] refLog = g.get(s.name() + ".slogdet").values();
            assertEquals(refLog[0], sld.sign(), what + " slogdet sign");
            assertBelow(Math.abs(sld.logAbsDet() - refLog[1]), bound * Math.max(1, Math.abs(refLog[1])),
                    what + " slogdet log");
            double refDet = g.get(s.name() + ".det").values()[0];
            double expected = c.f32() ? (float) refDet : refDet;
            double det = c.det(a, n);
            if (Double.isInfinite(expected) || expected == 0) {
                // NumPy's det overflows to +-inf and underflows to 0 here; so must ours, never NaN.
                assertEquals(expected, det, what + " det");
            } else {
                // NumPy forms det as sign * exp(log|det|), which carries |log|det|| * eps of relative error itself.
                double tol = c.out(bound + Math.ulp(1.0) * Math.abs(refLog[1]));
                assertBelow(Math.abs(det - expected), tol * Math.abs(expected), what + " det");
            }
            double[] x = c.solve(a, n, c.rhs(s), 3);
            assertBelow(relativeError(g.get(s.name() + ".solve_x").values(), x), c.out(bound), what + " solve");
            if (g.has(s.name() + ".inv")) {
                assertBelow(relativeError(g.get(s.name() + ".inv").values(), c.inv(a, n)), c.out(bound),
                        what + " inv");
            }
            double refCond1 = g.get(s.name() + ".cond1").values()[0];
            assertBelow(Math.abs(c.cond(a, n, n, MatrixNorm.ONE) - refCond1), bound * refCond1, what + " cond 1");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void leastSquaresAndPseudoInverseAgree(Case c) {
        Golden g = c.golden();
        for (Shape s : SHAPES) {
            int m = s.m();
            int n = s.n();
            double[] a = c.matrix(s, "a");
            String what = c + " " + s.name();
            LstsqResult r = c.lstsq(a, m, n, c.rhs(s), 3);
            assertEquals((int) g.get(s.name() + ".lstsq_rank").values()[0], r.rank(), what + " rank");
            assertBelow(relativeError(g.get(s.name() + ".lstsq_x").values(), r.x()), c.out(SOLUTION),
                    what + " lstsq x");
            double[] res = g.get(s.name() + ".lstsq_residuals").values();
            assertEquals(res.length, r.residuals().length, what + " residual count");
            for (int j = 0; j < res.length; j++) {
                assertBelow(Math.abs(res[j] - r.residuals()[j]), c.out(SOLUTION) * Math.max(1, res[j]),
                        what + " residual " + j);
            }
            assertSpectrum(g.get(s.name() + ".svals").values(), r.singularValues(), c.out(SPECTRUM),
                    what + " lstsq singular values");
            if (g.has(s.name() + ".pinv")) {
                assertBelow(relativeError(g.get(s.name() + ".pinv").values(), c.pinv(a, m, n)), c.out(SOLUTION),
                        what + " pinv");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void normsAndConditionAgree(Case c) {
        Golden g = c.golden();
        MatrixNorm[] kinds = {MatrixNorm.FROBENIUS, MatrixNorm.ONE, MatrixNorm.INF, MatrixNorm.TWO,
            MatrixNorm.NUCLEAR};
        for (Shape s : SHAPES) {
            int m = s.m();
            int n = s.n();
            double[] a = c.matrix(s, "a");
            String what = c + " " + s.name();
            double[] ref = g.get(s.name() + ".norms").values();
            for (int i = 0; i < kinds.length; i++) {
                double norm = c.norm(a, m, n, kinds[i]);
                if (Double.isInfinite(ref[i])) {
                    // Near 1e308 the norms of the larger matrices exceed the double range, in NumPy too.
                    assertEquals(ref[i], norm, what + " norm " + kinds[i]);
                } else {
                    // Norms return double for F32 input too: no output rounding.
                    assertBelow(Math.abs(norm - ref[i]), WELL_POSED * ref[i], what + " norm " + kinds[i]);
                }
            }
            double refCond = g.get(s.name() + ".cond2").values()[0];
            assertBelow(Math.abs(c.cond(a, m, n, MatrixNorm.TWO) - refCond), 1e-13 * refCond * refCond,
                    what + " cond 2");
        }
    }

    /** |got_i - ref_i| &lt;= tolerance * max |ref| for every i. */
    private static void assertSpectrum(double[] ref, double[] got, double tolerance, String what) {
        assertEquals(ref.length, got.length, what + " count");
        double scale = maxAbs(ref);
        for (int i = 0; i < ref.length; i++) {
            assertBelow(Math.abs(got[i] - ref[i]), tolerance * scale, what + " " + i + " (" + got[i] + " against "
                    + ref[i] + ")");
        }
    }

    private static double maxAbs(double[] x) {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** @return e with 2^e |x| in [1, 2) */
    private static int unitExponent(double x) {
        return -Math.getExponent(x);
    }

    private static double[] scaled(double[] x, int e) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.scalb(x[i], e);
        }
        return y;
    }

    /** ||a - b||_F / ||a||_F, both taken at the unit scale of a's largest element, so that no square overflows. */
    private static double relativeError(double[] a, double[] b) {
        int e = unitExponent(maxAbs(a));
        return TestMatrices.relativeError(scaled(a, e), scaled(b, e));
    }
}
