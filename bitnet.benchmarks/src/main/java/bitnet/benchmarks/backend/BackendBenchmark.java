package bitnet.benchmarks.backend;

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

import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.backend.simd.SimdBackend;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * The SIMD backend against the CPU reference on element-wise add and matmul, each backend called directly
 * (no dispatcher) on the same seeded F32 data. Throughput: add moves 12 bytes per element; matmul does
 * 2 n^3 flops.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BackendBenchmark {

    /**
     * Which backend runs the call, and its thread count for matmul (and the transformer kernels of
     * {@code TransformerOpsBenchmark}, which shares this state).
     */
    @State(Scope.Benchmark)
    public static class Backends {
        @Param({"cpu", "simd-1t", "simd-2t"})
        public String backend;

        /** The backend named by {@link #backend}. */
        public ComputeBackend impl;
        /** Allocates the benchmark's tensors. */
        public final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
        /** Tensors from {@link #pool}. */
        public final PooledTensorFactory factory = new PooledTensorFactory(pool);

        @Setup(Level.Trial)
        public void start() {
            impl = create(backend);
        }
    }

    /**
     * @param name {@code cpu}, {@code simd-1t} or {@code simd-2t}
     * @return that backend, started
     */
    public static ComputeBackend create(String name) {
        return switch (name) {
            case "cpu" -> new CpuBackend();
            case "simd-1t" -> new SimdBackend(1);
            default -> new SimdBackend(2);
        };
    }

    /** Element-wise add of two vectors of {@code elements} floats. */
    @State(Scope.Benchmark)
    public static class AddData {
        @Param({"65536", "4194304"})
        public long elements;
        Tensor a;
        Tensor b;
        Tensor out;
        OpCall call;

        @Setup(Level.Trial)
        public void setUp(Backends bk) {
            a = bk.factory.randn(DType.F32, 1, elements);
            b = bk.factory.randn(DType.F32, 2, elements);
            out = bk.factory.empty(DType.F32, elements);
            call = new OpCall.Binary(Op.ADD, a, b, out);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
            b.close();
            out.close();
        }
    }

    /** Square matmul of size n. */
    @State(Scope.Benchmark)
    public static class MatMulData {
        @Param({"256", "1024"})
        public long n;
        Tensor a;
        Tensor b;
        Tensor out;
        OpCall call;

        @Setup(Level.Trial)
        public void setUp(Backends bk) {
            a = bk.factory.randn(DType.F32, 1, 1, n, n);
            b = bk.factory.randn(DType.F32, 2, 1, n, n);
            out = bk.factory.empty(DType.F32, 1, n, n);
            call = new OpCall.MatMul(a, b, out);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
            b.close();
            out.close();
        }
    }

    @Benchmark
    public Tensor add(Backends bk, AddData d) {
        bk.impl.execute(d.call);
        return d.out;
    }

    @Benchmark
    public Tensor matmul(Backends bk, MatMulData d) {
        bk.impl.execute(d.call);
        return d.out;
    }
}
