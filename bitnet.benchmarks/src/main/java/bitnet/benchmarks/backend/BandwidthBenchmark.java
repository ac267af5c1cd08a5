package bitnet.benchmarks.backend;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ForkJoinPool;
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
 * Streaming operations on 16M floats (64 MiB per tensor, far beyond the caches) beside a plain memory copy of
 * the same size measured in the same run: bytes moved per second is the figure of merit. Bytes per element:
 * copy 8, add and gt 12, relu/exp/softmax/rms_norm 8 (softmax and rms_norm read each row twice, from cache),
 * sum 4. One benchmark per op family: element-wise, comparison, activation, reduction, normalisation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class BandwidthBenchmark {
    private static final long N = 16L << 20;

    @Param({"cpu", "simd-1t", "simd-2t"})
    public String backend;

    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory factory = new PooledTensorFactory(pool);
    private ComputeBackend impl;
    private ForkJoinPool copyPool;
    private int threads;
    private Tensor a;
    private Tensor b;
    private Tensor out;
    private Tensor sum;
    private OpCall add;
    private OpCall relu;
    private OpCall exp;
    private OpCall reduce;
    private OpCall gt;
    private OpCall softmax;
    private OpCall rmsNorm;
    private Tensor rows;
    private Tensor rowsOut;

    @Setup(Level.Trial)
    public void setUp() {
        threads = backend.equals("simd-2t") ? 2 : 1;
        impl = backend.equals("cpu") ? new CpuBackend() : new SimdBackend(threads);
        copyPool = new ForkJoinPool(threads);
        a = factory.randn(DType.F32, 1, N);
        b = factory.randn(DType.F32, 2, N);
        out = factory.empty(DType.F32, N);
        sum = factory.empty(DType.F32);
        add = new OpCall.Binary(Op.ADD, a, b, out);
        relu = new OpCall.Unary(Op.RELU, a, out);
        exp = new OpCall.Unary(Op.EXP, a, out);
        reduce = new OpCall.Reduce(Op.SUM, a, 0, sum);
        gt = new OpCall.Binary(Op.GT, a, b, out);
        rows = a.reshape(N / 4096, 4096);
        rowsOut = out.reshape(N / 4096, 4096);
        softmax = new OpCall.Softmax(rows, 1, rowsOut);
        rmsNorm = new OpCall.Norm(Op.RMS_NORM, rows, null, null, 1e-6f, rowsOut);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        copyPool.shutdown();
        rows.close();
        rowsOut.close();
        a.close();
        b.close();
        out.close();
        sum.close();
    }

    /** The baseline: {@code MemorySegment.copy} of 64 MiB, split over the same number of threads. */
    @Benchmark
    public MemorySegment copy() {
        MemorySegment src = a.segment();
        MemorySegment dst = out.segment();
        long bytes = N * 4;
        if (threads == 1) {
            MemorySegment.copy(src, 0, dst, 0, bytes);
        } else {
            var half = copyPool.submit(() -> MemorySegment.copy(src, 0, dst, 0, bytes / 2));
            MemorySegment.copy(src, bytes / 2, dst, bytes / 2, bytes / 2);
            half.join();
        }
        return dst;
    }

    @Benchmark
    public Tensor add() {
        impl.execute(add);
        return out;
    }

    @Benchmark
    public Tensor relu() {
        impl.execute(relu);
        return out;
    }

    @Benchmark
    public Tensor exp() {
        impl.execute(exp);
        return out;
    }

    @Benchmark
    public Tensor gt() {
        impl.execute(gt);
        return out;
    }

    @Benchmark
    public Tensor softmax() {
        impl.execute(softmax);
        return out;
    }

    @Benchmark
    public Tensor rmsNorm() {
        impl.execute(rmsNorm);
        return out;
    }

    @Benchmark
    public Tensor sum() {
        impl.execute(reduce);
        return sum;
    }
}
