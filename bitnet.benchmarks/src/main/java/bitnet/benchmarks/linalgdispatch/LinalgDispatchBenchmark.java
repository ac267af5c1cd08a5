package bitnet.benchmarks.linalgdispatch;

import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import bitnet.api.backend.ComputeBackend;
import bitnet.api.linalg.SvdFactors;
import bitnet.api.linalg.SvdMode;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.backend.simd.SimdBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.linalg.DispatchingLinearAlgebra;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.linalg.Cholesky;
import bitnet.linalg.Kernels;
import bitnet.linalg.Svd;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * The cost of going through the dispatcher: 512 x 512 F64 Cholesky and SVD values through {@code LinearAlgebra} on
 * the CPU backend (scalar kernels) and the SIMD backend (vector kernels), against the direct library call in the
 * same kernel mode. The difference is validation, the tensor copy in and out, and the result allocation. Both sides
 * run single-threaded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class LinalgDispatchBenchmark {
    @Param({"512"})
    int n;

    @Param({"cpu", "simd"})
    String backend;

    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory factory = new PooledTensorFactory(pool);
    private ComputeBackend compute;
    private DispatchingLinearAlgebra linalg;
    private Kernels.Mode mode;
    private double[] spd;
    private double[] general;
    private Tensor spdTensor;
    private Tensor generalTensor;

    @Setup
    public void setUp() {
        compute = backend.equals("cpu") ? new CpuBackend() : new SimdBackend(1);
        mode = backend.equals("cpu") ? Kernels.Mode.SCALAR : Kernels.Mode.VECTOR;
        linalg = new DispatchingLinearAlgebra(new RankedDispatcher(() -> List.of(new Registration(compute, 50, 1))),
                factory);
        Random r = new Random(42);
        general = new double[n * n];
        for (int i = 0; i < general.length; i++) {
            general[i] = r.nextGaussian();
        }
        spd = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? n : 0;
                for (int p = 0; p < n; p++) {
                    s += general[i * n + p] * general[j * n + p];
                }
                spd[i * n + j] = s;
            }
        }
        spdTensor = tensor(spd);
        generalTensor = tensor(general);
    }

    private Tensor tensor(double[] values) {
        Tensor t = factory.empty(DType.F64, n, n);
        for (int i = 0; i < values.length; i++) {
            t.segment().setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, t.offset() + i, values[i]);
        }
        return t;
    }

    @TearDown
    public void tearDown() {
        spdTensor.close();
        generalTensor.close();
    }

    @Benchmark
    public double[] choleskyDirect() {
        return Kernels.call(mode, () -> Cholesky.factor(spd, n, 1));
    }

    @Benchmark
    public float choleskyDispatched() {
        try (Tensor l = linalg.cholesky(spdTensor)) {
            return l.getFloat(n - 1, n - 1);
        }
    }

    @Benchmark
    public double[] svdValuesDirect() {
        return Kernels.call(mode, () -> Svd.decompose(general, n, n, SvdMode.VALUES_ONLY, 1).s());
    }

    @Benchmark
    public float svdValuesDispatched() {
        try (SvdFactors f = linalg.svd(generalTensor, SvdMode.VALUES_ONLY)) {
            return f.s().getFloat(0);
        }
    }
}
