package bitnet.benchmarks.linalg;

import bitnet.api.linalg.QrMode;
import bitnet.api.linalg.SvdMode;
import bitnet.linalg.Cholesky;
import bitnet.linalg.EighResult;
import bitnet.linalg.Linalg32;
import bitnet.linalg.QrResult;
import bitnet.linalg.Qr;
import bitnet.linalg.Svd;
import bitnet.linalg.SvdResult;
import bitnet.linalg.SymmetricEigen;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F32;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F32;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F32;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * bitnet.linalg against EJML 0.46.1 on the same seeded n x n matrices, F64 and F32, in one run. Every side copies
 * its input (our kernels never modify their arguments; EJML's decompose() does, so it gets a copy).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class DecompositionBenchmark {
    @Param({"512", "1024"})
    int n;

    /** Threads for our blocked updates; EJML's decompositions are single-threaded. */
    @Param({"1"})
    int threads;

    double[] general;
    double[] spd;
    double[] symmetric;
    float[] general32;
    float[] spd32;
    float[] symmetric32;
    DMatrixRMaj ejmlGeneral;
    DMatrixRMaj ejmlSpd;
    DMatrixRMaj ejmlSymmetric;
    FMatrixRMaj ejmlGeneral32;
    FMatrixRMaj ejmlSpd32;
    FMatrixRMaj ejmlSymmetric32;
    CholeskyDecomposition_F64<DMatrixRMaj> ejmlChol;
    QRDecomposition<DMatrixRMaj> ejmlQr;
    SingularValueDecomposition_F64<DMatrixRMaj> ejmlSvdValues;
    SingularValueDecomposition_F64<DMatrixRMaj> ejmlSvdFull;
    EigenDecomposition_F64<DMatrixRMaj> ejmlEig;
    CholeskyDecomposition_F32<FMatrixRMaj> ejmlChol32;
    QRDecomposition<FMatrixRMaj> ejmlQr32;
    SingularValueDecomposition_F32<FMatrixRMaj> ejmlSvdValues32;
    SingularValueDecomposition_F32<FMatrixRMaj> ejmlSvdFull32;
    EigenDecomposition_F32<FMatrixRMaj> ejmlEig32;

    @Setup
    public void setUp() {
        Random r = new Random(42);
        general = new double[n * n];
        for (int i = 0; i < general.length; i++) {
            general[i] = r.nextGaussian();
        }
        spd = new double[n * n];
        symmetric = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += general[i * n + p] * general[j * n + p];
                }
                spd[i * n + j] = s + (i == j ? n : 0);
                symmetric[i * n + j] = general[i * n + j] + general[j * n + i];
            }
        }
        general32 = toFloat(general);
        spd32 = toFloat(spd);
        symmetric32 = toFloat(symmetric);
        ejmlGeneral = new DMatrixRMaj(n, n, true, general);
        ejmlSpd = new DMatrixRMaj(n, n, true, spd);
        ejmlSymmetric = new DMatrixRMaj(n, n, true, symmetric);
        ejmlGeneral32 = new FMatrixRMaj(n, n, true, general32);
        ejmlSpd32 = new FMatrixRMaj(n, n, true, spd32);
        ejmlSymmetric32 = new FMatrixRMaj(n, n, true, symmetric32);
        ejmlChol = DecompositionFactory_DDRM.chol(n, true);
        ejmlQr = DecompositionFactory_DDRM.qr(n, n);
        ejmlSvdValues = DecompositionFactory_DDRM.svd(n, n, false, false, true);
        ejmlSvdFull = DecompositionFactory_DDRM.svd(n, n, true, true, false);
        ejmlEig = DecompositionFactory_DDRM.eig(n, true, true);
        ejmlChol32 = DecompositionFactory_FDRM.chol(n, true);
        ejmlQr32 = DecompositionFactory_FDRM.qr(n, n);
        ejmlSvdValues32 = DecompositionFactory_FDRM.svd(n, n, false, false, true);
        ejmlSvdFull32 = DecompositionFactory_FDRM.svd(n, n, true, true, false);
        ejmlEig32 = DecompositionFactory_FDRM.eig(n, true, true);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static <T> T checked(boolean ok, T result) {
        if (!ok) {
            throw new IllegalStateException("EJML decomposition failed");
        }
        return result;
    }

    @Benchmark
    public double[] f64CholeskyOurs() {
        return Cholesky.factor(spd, n, threads);
    }

    @Benchmark
    public Object f64CholeskyEjml() {
        return checked(ejmlChol.decompose(ejmlSpd.copy()), ejmlChol);
    }

    @Benchmark
    public QrResult f64QrNoQOurs() {
        return Qr.decompose(general, n, n, QrMode.R_ONLY, threads);
    }

    @Benchmark
    public Object f64QrNoQEjml() {
        return checked(ejmlQr.decompose(ejmlGeneral.copy()), ejmlQr);
    }

    @Benchmark
    public double[] f64SvdValuesOurs() {
        return Svd.values(general, n, n);
    }

    @Benchmark
    public Object f64SvdValuesEjml() {
        return checked(ejmlSvdValues.decompose(ejmlGeneral.copy()), ejmlSvdValues.getSingularValues());
    }

    @Benchmark
    public SvdResult f64SvdFullOurs() {
        return Svd.decompose(general, n, n, SvdMode.FULL);
    }

    @Benchmark
    public Object f64SvdFullEjml() {
        return checked(ejmlSvdFull.decompose(ejmlGeneral.copy()), ejmlSvdFull.getV(null, true));
    }

    @Benchmark
    public EighResult f64EighOurs() {
        return SymmetricEigen.decompose(symmetric, n, true);
    }

    @Benchmark
    public Object f64EighEjml() {
        return checked(ejmlEig.decompose(ejmlSymmetric.copy()), ejmlEig.getEigenVector(0));
    }

    @Benchmark
    public float[] f32CholeskyOurs() {
        return Linalg32.cholesky(spd32, n, threads);
    }

    @Benchmark
    public Object f32CholeskyEjml() {
        return checked(ejmlChol32.decompose(ejmlSpd32.copy()), ejmlChol32);
    }

    @Benchmark
    public Object f32QrNoQOurs() {
        return Linalg32.qr(general32, n, n, QrMode.R_ONLY, threads);
    }

    @Benchmark
    public Object f32QrNoQEjml() {
        return checked(ejmlQr32.decompose(ejmlGeneral32.copy()), ejmlQr32);
    }

    @Benchmark
    public Object f32SvdValuesOurs() {
        return Linalg32.svd(general32, n, n, SvdMode.VALUES_ONLY);
    }

    @Benchmark
    public Object f32SvdValuesEjml() {
        return checked(ejmlSvdValues32.decompose(ejmlGeneral32.copy()), ejmlSvdValues32.getSingularValues());
    }

    @Benchmark
    public Object f32SvdFullOurs() {
        return Linalg32.svd(general32, n, n, SvdMode.FULL);
    }

    @Benchmark
    public Object f32SvdFullEjml() {
        return checked(ejmlSvdFull32.decompose(ejmlGeneral32.copy()), ejmlSvdFull32.getV(null, true));
    }

    @Benchmark
    public Object f32EighOurs() {
        return Linalg32.eigh(symmetric32, n, true);
    }

    @Benchmark
    public Object f32EighEjml() {
        return checked(ejmlEig32.decompose(ejmlSymmetric32.copy()), ejmlEig32.getEigenVector(0));
    }
}
