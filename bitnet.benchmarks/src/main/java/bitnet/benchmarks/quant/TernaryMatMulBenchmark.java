package bitnet.benchmarks.quant;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import bitnet.quant.kernel.Int8Activations;
import bitnet.quant.kernel.TernaryMatMul;
import bitnet.quant.kernel.TernaryMatrix;
import bitnet.quant.kernel.TernaryVectorKernel;

/**
 * Ternary x int8 product at BitNet b1.58 2B4T shapes. Each invocation prepares the int8 activations (widening and
 * padding, as a real call must) and runs the kernel. {@code weights=cold} rotates through copies of the matrix
 * whose codes together exceed {@value #COLD_BYTES} bytes (twice the 32 MiB L3), so every call streams its weights
 * from DRAM; {@code hot} reuses one. GFLOPS = 2 * M * K * N / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TernaryMatMulBenchmark {
    static final long COLD_BYTES = 64L << 20;

    /** {@code MxK}: output rows by input columns. */
    @Param({"6912x2560", "2560x6912"})
    public String shape;

    /** Activation vectors (tokens). */
    @Param({"1", "32", "128"})
    public int n;

    /** Row ranges computed in parallel. */
    @Param({"1", "2"})
    public int threads;

    /** Whether the weights come from DRAM ({@code cold}) or cache ({@code hot}). */
    @Param({"cold", "hot"})
    public String weights;

    /** Which kernel. */
    @Param({"VECTOR"})
    public TernaryMatMul.Kernel kernel;

    private TernaryMatrix[] copies;
    private byte[] xq;
    private int[] out;
    private ForkJoinPool pool;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        String[] mk = shape.split("x");
        int m = Integer.parseInt(mk[0]);
        int k = Integer.parseInt(mk[1]);
        Random rnd = new Random(42);
        byte[] trits = new byte[m * k];
        for (int i = 0; i < trits.length; i++) {
            trits[i] = (byte) (rnd.nextInt(3) - 1);
        }
        int lanes = kernel == TernaryMatMul.Kernel.VECTOR ? TernaryVectorKernel.lanes() : 8;
        TernaryMatrix w = TernaryMatrix.of(trits, m, k, new float[] {1f}, lanes);
        int count = weights.equals("cold") ? (int) (COLD_BYTES / w.codeBytes() + 1) : 1;
        copies = new TernaryMatrix[count];
        copies[0] = w;
        for (int i = 1; i < count; i++) {
            copies[i] = w.copy();
        }
        xq = new byte[n * k];
        rnd.nextBytes(xq);
        out = new int[n * m];
        pool = new ForkJoinPool(Math.max(1, threads - 1));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    @Benchmark
    public int[] multiply() {
        TernaryMatrix w = copies[next];
        next = next + 1 == copies.length ? 0 : next + 1;
        TernaryMatMul.multiply(kernel, w, Int8Activations.of(xq, n, w), out, pool, threads);
        return out;
    }
}
