package bitnet.benchmarks.sgemm;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import bitnet.api.backend.OpCall;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.simd.SimdBackend;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * Square F32 SGEMM {@code C = A x B} of size {@code n} on the SIMD backend with 1 and 2 matmul threads, for the
 * comparison with NumPy/OpenBLAS ({@code src/main/python/sgemm_numpy.py}, docs/sgemm.md). One call does
 * {@code 2 n^3} flops: GFLOPS = 2 n^3 / (ms per op * 1e6).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class SgemmBenchmark {
    @Param({"1024", "2560"})
    public long n;

    @Param({"1", "2"})
    public int threads;

    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory factory = new PooledTensorFactory(pool);
    private SimdBackend backend;
    private Tensor a;
    private Tensor b;
    private Tensor c;
    private OpCall call;

    @Setup(Level.Trial)
    public void setUp() {
        backend = new SimdBackend(threads);
        a = factory.randn(DType.F32, 1, 1, n, n);
        b = factory.randn(DType.F32, 2, 1, n, n);
        c = factory.empty(DType.F32, 1, n, n);
        call = new OpCall.MatMul(a, b, c);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        c.close();
    }

    @Benchmark
    public Tensor sgemm() {
        backend.execute(call);
        return c;
    }
}
