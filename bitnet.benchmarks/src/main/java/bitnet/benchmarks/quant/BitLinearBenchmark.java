package bitnet.benchmarks.quant;

import java.util.Random;
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

import bitnet.api.quant.ScaleGranularity;
import bitnet.quant.kernel.BitLinear;

/**
 * The whole BitLinear forward pass (float in, activation quantization, ternary product, scaling, float out) for a
 * 6912 x 2560 layer, weights hot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BitLinearBenchmark {
    static final int OUT = 6912;
    static final int IN = 2560;

    /** Tokens. */
    @Param({"1", "32"})
    public int n;

    /** Threads. */
    @Param({"1", "2"})
    public int threads;

    private BitLinear layer;
    private float[] x;
    private float[] y;
    private ForkJoinPool pool;

    @Setup
    public void setUp() {
        Random rnd = new Random(3);
        float[] w = new float[OUT * IN];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        layer = BitLinear.quantize(w, OUT, IN, ScaleGranularity.PER_TENSOR, null);
        x = new float[n * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        y = new float[n * OUT];
        pool = new ForkJoinPool(Math.max(1, threads - 1));
    }

    @TearDown
    public void tearDown() {
        pool.shutdownNow();
    }

    @Benchmark
    public float[] forward() {
        layer.forward(x, n, y, pool, threads);
        return y;
    }
}
