package bitnet.benchmarks.quant;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
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

import bitnet.api.backend.OpCall;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.backend.simd.SimdBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.quant.kernel.PreparedWeights;
import bitnet.quant.kernel.TensorBitLinear;
import bitnet.quant.kernel.TernaryMatMul;

/**
 * BitLinear 6912 x 2560 through the platform (tensors, {@code TensorOps.bitLinear}, the dispatcher, the SIMD backend)
 * beside the same layer called on the kernel directly, weights hot: what the dispatcher path costs, and what the
 * prepared-weights cache saves ({@code uncached} re-lays the weights on every call, as the first version did).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BitLinearDispatchBenchmark {
    /** Tokens. */
    @Param({"1", "32"})
    public int n;

    /** Threads of the SIMD backend (and of the direct call). */
    @Param({"1", "2"})
    public int threads;

    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory factory = new PooledTensorFactory(pool);
    private SimdBackend simd;
    private DispatchingTensorOps ops;
    private Tensor weights;
    private Tensor gamma;
    private Tensor x;
    private Tensor out;
    private ForkJoinPool direct;

    @Setup
    public void setUp() {
        simd = new SimdBackend(threads);
        ops = new DispatchingTensorOps(new RankedDispatcher(() -> List.of(new Registration(new CpuBackend(), 40, 1),
                new Registration(simd, 60, 2))), factory);
        try (Tensor w = factory.randn(DType.F32, 3, BitLinearBenchmark.OUT, BitLinearBenchmark.IN)) {
            List<Tensor> q = ops.quantizeTernary(w, false);
            weights = q.get(0);
            gamma = q.get(1);
        }
        x = factory.randn(DType.F32, 4, n, BitLinearBenchmark.IN);
        out = factory.empty(DType.F32, n, BitLinearBenchmark.OUT);
        direct = new ForkJoinPool(Math.max(1, threads - 1));
    }

    @TearDown
    public void tearDown() {
        weights.close();
        gamma.close();
        x.close();
        out.close();
        direct.shutdownNow();
    }

    /** The platform path: validation, allocation of the result, dispatch, the SIMD kernel with cached weights. */
    @Benchmark
    public Tensor dispatched() {
        Tensor y = ops.bitLinear(weights, gamma, x, null);
        y.close();
        return y;
    }

    /** The SIMD kernel on the same tensors, re-laying the weights every call (no cache). */
    @Benchmark
    public Tensor uncached() {
        TensorBitLinear.forward(TernaryMatMul.Kernel.VECTOR, new OpCall.BitLinear(weights, gamma, x, null, out),
                new PreparedWeights(), direct, threads);
        return out;
    }
}
