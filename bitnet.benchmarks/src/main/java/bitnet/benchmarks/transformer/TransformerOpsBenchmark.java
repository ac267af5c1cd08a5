package bitnet.benchmarks.transformer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.benchmarks.backend.BackendBenchmark;
import bitnet.benchmarks.backend.BackendBenchmark.Backends;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * The transformer operations at the shapes of BitNet b1.58 2B4T (hidden 2560, 20 query heads and 5 KV heads of
 * 128, vocabulary 128256), SIMD against the CPU reference, each backend called directly (no dispatcher):
 * <ul>
 * <li>{@code embedding}: one row of the 128256 x 2560 F16 table (the tied embedding);</li>
 * <li>{@code rope}: {@code [rows, 20, 128]} for one decode row and a 128-row prefill;</li>
 * <li>{@code attention}: one query row over 128, 1024 or 4096 cached positions, F32 and F16 caches;</li>
 * <li>{@code linearDecode} / {@code linearPrefill}: the LM head, 128256 x 2560 F16 weights (656 MB, far beyond the
 * caches) times 1 or 8 input rows. Weight bytes read per second = 656.7 MB / time; compare with the copy bandwidth
 * of {@code BandwidthBenchmark} (run separately, not at the same time). The prefill case runs on SIMD only: the
 * reference needs tens of seconds per call.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xmx2g"})
public class TransformerOpsBenchmark {
    static final int HIDDEN = 2560;
    static final int VOCAB = 128256;
    static final int HEADS = 20;
    static final int KV_HEADS = 5;
    static final int HEAD_DIM = 128;

    /** The SIMD backend only, for calls the reference would need seconds for. */
    @State(Scope.Benchmark)
    public static class SimdBackends {
        @Param({"simd-1t", "simd-2t"})
        public String simd;

        ComputeBackend impl;
        final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
        final PooledTensorFactory factory = new PooledTensorFactory(pool);

        @Setup(Level.Trial)
        public void start() {
            impl = BackendBenchmark.create(simd);
        }
    }

    /**
     * The 128256 x 2560 F16 vocabulary matrix (embedding table and LM head), filled from a cheap hash with normal
     * values of magnitude 2^-7 to 2 and either sign (random Gaussians for 328M elements would take most of the
     * setup time). The kernels' speed does not depend on the values.
     */
    static Tensor vocabulary(PooledTensorFactory factory) {
        Tensor t = factory.empty(DType.F16, VOCAB, HIDDEN);
        MemorySegment s = t.segment();
        long n = (long) VOCAB * HIDDEN;
        for (long i = 0; i < n; i++) {
            int h = (int) (i * 0x9E3779B97F4A7C15L >>> 40);
            s.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (h & 0x9FFF | 0x2000));
        }
        return t;
    }

    /** One embedding row. */
    @State(Scope.Benchmark)
    public static class EmbeddingData {
        Tensor table;
        Tensor ids;
        Tensor out;
        OpCall call;

        @Setup(Level.Trial)
        public void setUp(Backends bk) {
            table = vocabulary(bk.factory);
            ids = bk.factory.of(new int[] {91_234}, 1);
            out = bk.factory.empty(DType.F32, 1, HIDDEN);
            call = new OpCall.Embedding(table, ids, out);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            table.close();
            ids.close();
            out.close();
        }
    }

    /** RoPE over {@code rows} rows of 20 heads of 128. */
    @State(Scope.Benchmark)
    public static class RopeData {
        @Param({"1", "128"})
        public int rows;
        Tensor x;
        Tensor positions;
        Tensor out;
        OpCall call;

        @Setup(Level.Trial)
        public void setUp(Backends bk) {
            x = bk.factory.randn(DType.F32, 1, rows, HEADS, HEAD_DIM);
            int[] pos = new int[rows];
            for (int t = 0; t < rows; t++) {
                pos[t] = 1000 + t;
            }
            positions = bk.factory.of(pos, rows);
            out = bk.factory.empty(DType.F32, rows, HEADS, HEAD_DIM);
            call = new OpCall.Rope(x, positions, 500_000f, out);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            x.close();
            positions.close();
            out.close();
        }
    }

    /** One decode row over {@code cached} positions of a KV cache of dtype {@code cache}. */
    @State(Scope.Benchmark)
    public static class AttentionData {
        @Param({"128", "1024", "4096"})
        public int cached;
        @Param({"F32", "F16"})
        public String cache;
        Tensor q;
        Tensor k;
        Tensor v;
        Tensor out;
        OpCall call;

        @Setup(Level.Trial)
        public void setUp(Backends bk) {
            DType dtype = DType.valueOf(cache);
            q = bk.factory.randn(DType.F32, 1, 1, HEADS, HEAD_DIM);
            try (Tensor k32 = bk.factory.randn(DType.F32, 2, cached, KV_HEADS, HEAD_DIM);
                    Tensor v32 = bk.factory.randn(DType.F32, 3, cached, KV_HEADS, HEAD_DIM)) {
                k = k32.to(dtype);
                v = v32.to(dtype);
            }
            out = bk.factory.empty(DType.F32, 1, HEADS, HEAD_DIM);
            call = new OpCall.Attention(q, k, v, cached - 1, (float) (1 / Math.sqrt(HEAD_DIM)), out);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            q.close();
            k.close();
            v.close();
            out.close();
        }
    }

    /** The LM head: F16 weights times {@code rows} input rows. */
    @State(Scope.Benchmark)
    public static class LinearData {
        /** The head as stored (F16, 656 MB) or as {@code lm_head=int8} holds it (I8 rows with F32 scales, 328 MB). */
        @Param({"F16", "I8"})
        public String head;
        Tensor weights;
        Tensor scales;
        Tensor x;
        Tensor out;
        OpCall call;

        void setUp(PooledTensorFactory factory, int rows) {
            Tensor f16 = vocabulary(factory);
            if (head.equals("I8")) {
                // Any int8 values and scales will do for timing (the kernel's work does not depend on them): the
                // first half of the F16 table's bytes.
                try (f16) {
                    weights = factory.empty(DType.I8, VOCAB, HIDDEN);
                    MemorySegment.copy(f16.segment(), 0, weights.segment(), 0, (long) VOCAB * HIDDEN);
                }
                scales = factory.full(DType.F32, 0.01f, VOCAB);
            } else {
                weights = f16;
            }
            x = factory.randn(DType.F32, 4, rows, HIDDEN);
            out = factory.empty(DType.F32, rows, VOCAB);
            call = new OpCall.Linear(weights, scales, x, out);
        }

        void tearDown() {
            weights.close();
            if (scales != null) {
                scales.close();
            }
            x.close();
            out.close();
        }
    }

    /** Decode: one input row, on every backend. */
    @State(Scope.Benchmark)
    public static class DecodeHead extends LinearData {
        @Setup(Level.Trial)
        public void setUp(Backends bk) {
            setUp(bk.factory, 1);
        }

        @TearDown(Level.Trial)
        public void close() {
            tearDown();
        }
    }

    /** Eight input rows, SIMD only. */
    @State(Scope.Benchmark)
    public static class PrefillHead extends LinearData {
        @Setup(Level.Trial)
        public void setUp(SimdBackends bk) {
            setUp(bk.factory, 8);
        }

        @TearDown(Level.Trial)
        public void close() {
            tearDown();
        }
    }

    @Benchmark
    public Tensor embedding(Backends bk, EmbeddingData d) {
        bk.impl.execute(d.call);
        return d.out;
    }

    @Benchmark
    public Tensor rope(Backends bk, RopeData d) {
        bk.impl.execute(d.call);
        return d.out;
    }

    @Benchmark
    public Tensor attention(Backends bk, AttentionData d) {
        bk.impl.execute(d.call);
        return d.out;
    }

    @Benchmark
    public Tensor linearDecode(Backends bk, DecodeHead d) {
        bk.impl.execute(d.call);
        return d.out;
    }

    @Benchmark
    public Tensor linearPrefill(SimdBackends bk, PrefillHead d) {
        bk.impl.execute(d.call);
        return d.out;
    }
}
