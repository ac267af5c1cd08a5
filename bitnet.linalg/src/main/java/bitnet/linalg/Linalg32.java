package bitnet.linalg;

import bitnet.api.linalg.MatrixNorm;
import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SvdMode;

/**
 * F32 entry points. Each widens its {@code float[]} arguments to F64, runs the F64 kernel, and rounds the results
 * to the nearest float: the results carry single-precision rounding only once, at the end, so they are at least as
 * accurate as single-precision LAPACK's. Contracts and exceptions are those of the F64 classes named in each method.
 */
public final class Linalg32 {
    /** {@link QrResult} in F32. */
    public record Qr32(float[] q, int qRows, int qCols, float[] r, int rRows, int rCols) {
    }

    /** {@link SvdResult} in F32. */
    public record Svd32(float[] s, float[] u, int uRows, int uCols, float[] vt, int vtRows, int vtCols) {
    }

    /** {@link EighResult} in F32. */
    public record Eigh32(float[] eigenvalues, float[] eigenvectors, int n) {
    }

    /** {@link LstsqResult} in F32. */
    public record Lstsq32(float[] x, float[] residuals, int rank, float[] singularValues) {
    }

    private Linalg32() {
    }

    /** @see Cholesky#factor */
    public static float[] cholesky(float[] a, int n, int threads) {
        return narrow(Cholesky.factor(widen(a), n, threads));
    }

    /** @see Inverse#solve */
    public static float[] solve(float[] a, int n, float[] b, int nrhs, int threads) {
        return narrow(Inverse.solve(widen(a), n, widen(b), nrhs, threads));
    }

    /** @see Inverse#invert */
    public static float[] inv(float[] a, int n, int threads) {
        return narrow(Inverse.invert(widen(a), n, threads));
    }

    /** @see Determinants#det */
    public static float det(float[] a, int n, int threads) {
        return (float) Determinants.det(widen(a), n, threads);
    }

    /** @see Determinants#signedLog */
    public static SignedLogDet slogdet(float[] a, int n, int threads) {
        return Determinants.signedLog(widen(a), n, threads);
    }

    /** @see Qr#decompose */
    public static Qr32 qr(float[] a, int m, int n, QrMode mode, int threads) {
        QrResult r = Qr.decompose(widen(a), m, n, mode, threads);
        return new Qr32(narrow(r.q()), r.qRows(), r.qCols(), narrow(r.r()), r.rRows(), r.rCols());
    }

    /** @see SymmetricEigen#decompose */
    public static Eigh32 eigh(float[] a, int n, boolean vectors) {
        EighResult r = SymmetricEigen.decompose(widen(a), n, vectors);
        return new Eigh32(narrow(r.eigenvalues()), narrow(r.eigenvectors()), n);
    }

    /** @see Svd#decompose */
    public static Svd32 svd(float[] a, int m, int n, SvdMode mode) {
        SvdResult r = Svd.decompose(widen(a), m, n, mode);
        return new Svd32(narrow(r.s()), narrow(r.u()), r.uRows(), r.uCols(), narrow(r.vt()), r.vtRows(), r.vtCols());
    }

    /**
     * @param rcond negative for NumPy's float32 default, eps(float32) * max(m, n)
     * @see LeastSquares#solve
     */
    public static Lstsq32 lstsq(float[] a, int m, int n, float[] b, int nrhs, double rcond, int threads) {
        double cut = rcond < 0 ? Math.ulp(1.0f) * Math.max(m, n) : rcond;
        LstsqResult r = LeastSquares.solve(widen(a), m, n, widen(b), nrhs, cut, threads);
        return new Lstsq32(narrow(r.x()), narrow(r.residuals()), r.rank(), narrow(r.singularValues()));
    }

    /** @see PseudoInverse#compute */
    public static float[] pinv(float[] a, int m, int n, double rcond, int threads) {
        return narrow(PseudoInverse.compute(widen(a), m, n, rcond, threads));
    }

    /** @see Conditioning#cond */
    public static double cond(float[] a, int m, int n, MatrixNorm kind, int threads) {
        return Conditioning.cond(widen(a), m, n, kind, threads);
    }

    /** @see Norms#norm */
    public static double norm(float[] a, int m, int n, MatrixNorm kind) {
        return Norms.norm(widen(a), m, n, kind);
    }

    /** @return the values as doubles; null for null */
    public static double[] widen(float[] a) {
        if (a == null) {
            return null;
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** @return the values rounded to the nearest float; null for null */
    public static float[] narrow(double[] a) {
        if (a == null) {
            return null;
        }
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
