package bitnet.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * Every SIMD kernel against the CPU reference on seeded data, at lengths around the vector width.
 * Run by Maven once per vector width ({@code -Dbitnet.simd.bits=64, 128, preferred}).
 */
class SimdAgainstCpuTest {
    /** Element-wise add/sub/mul/div and ReLU are single IEEE operations: bit-identical. */
    private static final float EXACT = 0f;
    /** GELU: the same erfc fit in float lanes vs double; a few float ulps of |x|. */
    private static final float GELU_ATOL = 2e-6f;
    /** Softmax: float exp and sum vs double; relative to the largest output (at most 1). */
    private static final float SOFTMAX_ATOL = 2e-6f;
    /** Float accumulation bound for sums of n terms: n * 2^-24 * sum|x|, plus one rounding. */
    private static final double EPS32 = Math.ulp(1f) / 2;

    private static final int L = SimdSpecies.FLOAT.length();
    private static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    private static final PooledTensorFactory F = new PooledTensorFactory(POOL);
    private static final CpuBackend CPU = new CpuBackend();
    private static final SimdBackend SIMD = new SimdBackend(2);
    private final List<Tensor> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Tensor::close);
        open.clear();
        assertEquals(0, POOL.stats().liveBlocks());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SIMD.deactivate();
    }

    static LongStream lengths() {
        return LongStream.of(0, 1, 2, L - 1, L, L + 1, 2L * L - 1, 2L * L + 1, 3L * L + 3, 1000, 1027)
                .filter(n -> n >= 0).distinct();
    }

    private Tensor keep(Tensor t) {
        open.add(t);
        return t;
    }

    private Tensor randn(long seed, long... shape) {
        return keep(F.randn(DType.F32, seed, shape));
    }

    private float[][] both(Function<Tensor, OpCall> call, long... outShape) {
        Tensor a = keep(F.empty(DType.F32, outShape));
        Tensor b = keep(F.empty(DType.F32, outShape));
        OpCall simdCall = call.apply(a);
        assertTrue(SIMD.accepts(simdCall), "simd accepts " + simdCall.op());
        SIMD.execute(simdCall);
        CPU.execute(call.apply(b));
        return new float[][] {a.toFloatArray(), b.toFloatArray()};
    }

    private static void assertClose(float[][] r, float atol, String what) {
        assertEquals(r[1].length, r[0].length);
        for (int i = 0; i < r[0].length; i++) {
            float s = r[0][i];
            float c = r[1][i];
            if (Float.isNaN(c)) {
                assertTrue(Float.isNaN(s), what + " [" + i + "] expected NaN");
            } else {
                assertEquals(c, s, atol, what + " [" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void elementwise(long n) {
        Tensor x = randn(1, 3, n);
        Tensor y = randn(2, 3, n);
        for (Op op : new Op[] {Op.ADD, Op.SUB, Op.MUL, Op.DIV}) {
            assertClose(both(o -> new OpCall.Binary(op, x, y, o), 3, n), EXACT, op.id() + " n=" + n);
        }
        Tensor row = randn(3, n);
        Tensor rowB = keep(row.broadcastTo(3, n));
        assertClose(both(o -> new OpCall.Binary(Op.MUL, x, rowB, o), 3, n), EXACT, "mul row-broadcast n=" + n);
        Tensor col = randn(4, 3, 1);
        Tensor colB = keep(col.broadcastTo(3, n));
        assertClose(both(o -> new OpCall.Binary(Op.SUB, colB, y, o), 3, n), EXACT, "sub column-broadcast n=" + n);
        assertClose(both(o -> new OpCall.Unary(Op.RELU, x, o), 3, n), EXACT, "relu n=" + n);
        assertClose(both(o -> new OpCall.Unary(Op.GELU, x, o), 3, n), GELU_ATOL, "gelu n=" + n);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void reductionsAndSoftmax(long n) {
        Tensor x = randn(5, 3, n);
        for (Op op : new Op[] {Op.SUM, Op.MEAN}) {
            float[][] last = both(o -> new OpCall.Reduce(op, x, 1, o), 3);
            float[][] first = both(o -> new OpCall.Reduce(op, x, 0, o), n);
            float[] abs = x.toFloatArray();
            double total = 0;
            for (float v : abs) {
                total += Math.abs(v);
            }
            double bound = (n + 3) * EPS32 * total + 1e-30;
            for (int i = 0; i < last[0].length; i++) {
                if (n == 0 && op == Op.MEAN) {
                    assertTrue(Float.isNaN(last[0][i]));
                } else {
                    assertEquals(last[1][i], last[0][i], bound, op.id() + " last axis n=" + n);
                }
            }
            assertClose(first, (float) (4 * EPS32 * total + 1e-30), op.id() + " first axis n=" + n);
        }
        assertClose(both(o -> new OpCall.Softmax(x, 1, o), 3, n), SOFTMAX_ATOL, "softmax n=" + n);
    }

    static LongStream dims() {
        return LongStream.of(0, 1, 3, 4, 5, L - 1, L + 1, 2L * L, 2L * L + 3, 67).filter(n -> n >= 0).distinct();
    }

    @ParameterizedTest
    @MethodSource("dims")
    void matmulAgainstReference(long d) {
        long[][] shapes = {{d, 7, 2L * L + 1}, {5, d, 3}, {4, 9, d}, {d, d, d}};
        for (long[] s : shapes) {
            long m = s[0];
            long k = s[1];
            long n = s[2];
            Tensor a = randn(6, 2, m, k);
            Tensor b = randn(7, 2, k, n);
            float[][] r = both(o -> new OpCall.MatMul(a, b, o), 2, m, n);
            // Different summation orders of k products of N(0,1) values: relative to sqrt(k).
            assertClose(r, (float) (1e-5 * Math.sqrt(Math.max(k, 1)) * 4), "matmul " + m + "x" + k + "x" + n);
        }
    }

    @Test
    void matmulWithTransposedLeftOperandAndBroadcastBatch() {
        Tensor a = randn(8, 1, 130, 70);
        Tensor at = keep(a.transpose(1, 2));
        Tensor atb = keep(at.broadcastTo(1, 70, 130));
        Tensor b = randn(9, 1, 130, 33);
        float[][] r = both(o -> new OpCall.MatMul(atb, b, o), 1, 70, 33);
        assertClose(r, 1e-4f, "matmul a^T b");
        Tensor big = randn(10, 1, 300, 300);
        float[][] r2 = both(o -> new OpCall.MatMul(big, big, o), 1, 300, 300);
        assertClose(r2, 2e-4f, "matmul 300 multi-threaded, k over two panels");
    }

    private static void assertRelative(float[][] r, double rtol, double atol, String what) {
        for (int i = 0; i < r[0].length; i++) {
            float s = r[0][i];
            float c = r[1][i];
            if (Float.isNaN(c) || Float.isInfinite(c)) {
                assertEquals(c, s, what + " [" + i + "]");
            } else {
                assertTrue(Math.abs(s - c) <= atol + rtol * Math.abs(c), what + " [" + i + "]: simd " + s + " cpu " + c);
            }
        }
    }

    /** Transcendental lanes (Vector API EXP, LOG, TANH, POW) against double-precision Math: a few float ulps. */
    private static final double TRANSCENDENTAL_RTOL = 4e-6;

    @ParameterizedTest
    @MethodSource("lengths")
    void everyOtherElementwiseOp(long n) {
        Tensor x = randn(21, 2, n);
        Tensor y = randn(22, 2, n);
        for (Op op : new Op[] {Op.MAXIMUM, Op.MINIMUM, Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE}) {
            assertClose(both(o -> new OpCall.Binary(op, x, y, o), 2, n), EXACT, op.id() + " n=" + n);
        }
        Tensor same = keep(x.contiguous());
        assertClose(both(o -> new OpCall.Binary(Op.EQ, x, same, o), 2, n), EXACT, "eq self n=" + n);
        assertRelative(both(o -> new OpCall.Binary(Op.POW, x, y, o), 2, n), TRANSCENDENTAL_RTOL, 1e-30, "pow n=" + n);
        for (Op op : new Op[] {Op.NEG, Op.ABS, Op.RELU, Op.RELU2}) {
            assertClose(both(o -> new OpCall.Unary(op, x, o), 2, n), EXACT, op.id() + " n=" + n);
        }
        for (Op op : new Op[] {Op.SQRT, Op.RSQRT}) {
            assertRelative(both(o -> new OpCall.Unary(op, x, o), 2, n), 2e-7, 0, op.id() + " n=" + n);
        }
        for (Op op : new Op[] {Op.EXP, Op.LOG, Op.TANH, Op.SIGMOID, Op.SILU, Op.GELU_TANH}) {
            assertRelative(both(o -> new OpCall.Unary(op, x, o), 2, n), TRANSCENDENTAL_RTOL, 1e-7, op.id() + " n=" + n);
        }
        assertClose(both(o -> new OpCall.Clamp(x, -0.5f, 0.75f, o), 2, n), EXACT, "clamp n=" + n);
        assertClose(both(o -> new OpCall.Clamp(x, Float.NaN, 0.1f, o), 2, n), EXACT, "clamp max only n=" + n);
        try (Tensor mask = F.empty(DType.F32, 2, n)) {
            CPU.execute(new OpCall.Binary(Op.GT, x, y, mask));
            Tensor row = randn(23, n);
            Tensor rowB = keep(row.broadcastTo(2, n));
            assertClose(both(o -> new OpCall.Where(mask, x, rowB, o), 2, n), EXACT, "where n=" + n);
        }
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void everyOtherReductionAndNorm(long n) {
        Tensor x = randn(31, 3, n);
        for (Op op : new Op[] {Op.MIN, Op.MAX}) {
            if (n > 0) {
                assertClose(both(o -> new OpCall.Reduce(op, x, 1, o), 3), EXACT, op.id() + " last n=" + n);
            }
            assertClose(both(o -> new OpCall.Reduce(op, x, 0, o), n), EXACT, op.id() + " first n=" + n);
        }
        try (Tensor nearOne = F.full(DType.F32, 1f, 3, n); Tensor scaled = F.empty(DType.F32, 3, n);
                Tensor tiny = F.full(DType.F32, 0.01f, new long[0])) {
            try (Tensor t = tiny.broadcastTo(3, n)) {
                CPU.execute(new OpCall.Binary(Op.MUL, x, t, scaled));
            }
            try (Tensor sum = F.empty(DType.F32, 3, n)) {
                CPU.execute(new OpCall.Binary(Op.ADD, nearOne, scaled, sum));
                assertRelative(both(o -> new OpCall.Reduce(Op.PROD, sum, 1, o), 3), 1e-5, 0, "prod n=" + n);
            }
        }
        for (Op op : new Op[] {Op.VAR, Op.STD, Op.LOGSUMEXP}) {
            assertRelative(both(o -> new OpCall.Reduce(op, x, 1, 1.0, o), 3), 1e-5, 1e-6, op.id() + " n=" + n);
        }
        assertRelative(both(o -> new OpCall.Softmax(Op.LOG_SOFTMAX, x, 1, o), 3, n), 1e-5, 2e-6, "log_softmax n=" + n);
        Tensor w = randn(32, n);
        Tensor b = randn(33, n);
        assertRelative(both(o -> new OpCall.Norm(Op.RMS_NORM, x, w, null, 1e-6f, o), 3, n), 1e-5, 1e-6,
                "rms_norm n=" + n);
        assertRelative(both(o -> new OpCall.Norm(Op.LAYER_NORM, x, w, b, 1e-5f, o), 3, n), 1e-5, 1e-5,
                "layer_norm n=" + n);
    }

    @Test
    void nanAndInfinityPropagateLikeTheReference() {
        float[] special = {Float.NaN, 1f, Float.POSITIVE_INFINITY, -2f, Float.NEGATIVE_INFINITY, 0f, -0f, 3f, 1e-40f};
        int m = 3 * L + 1;
        float[] data = new float[m];
        for (int i = 0; i < m; i++) {
            data[i] = special[i % special.length];
        }
        Tensor x = keep(F.of(data, 1, m));
        Tensor y = keep(F.of(data.clone(), 1, m));
        for (Op op : new Op[] {Op.ADD, Op.MUL, Op.DIV, Op.MAXIMUM, Op.MINIMUM, Op.LT, Op.NE}) {
            assertClose(both(o -> new OpCall.Binary(op, x, y, o), 1, m), EXACT, op.id() + " specials");
        }
        for (Op op : new Op[] {Op.RELU, Op.ABS, Op.NEG, Op.SQRT}) {
            assertClose(both(o -> new OpCall.Unary(op, x, o), 1, m), EXACT, op.id() + " specials");
        }
        for (Op op : new Op[] {Op.MAX, Op.MIN, Op.SUM}) {
            assertClose(both(o -> new OpCall.Reduce(op, x, 1, o), 1), EXACT, op.id() + " with NaN");
        }
        assertClose(both(o -> new OpCall.Softmax(x, 1, o), 1, m), EXACT, "softmax with NaN is NaN");
    }

    @Test
    void remainderAndArgReductionsAreLeftToTheCpu() {
        assertFalse(SIMD.supports(Op.REMAINDER, DType.F32));
        assertFalse(SIMD.supports(Op.ARGMAX, DType.F32));
        assertFalse(SIMD.operations().contains(Op.ARGMIN));
    }

    /** Sizes on both sides of each block edge of the GEMM: MR, NR, KC, MC, NC. */
    static List<long[]> blockEdges() {
        long mr = GemmKernel.MR;
        long nr = GemmKernel.NR;
        long kc = VectorMatMul.KC;
        long mc = VectorMatMul.MC;
        long nc = VectorMatMul.NC;
        return List.of(new long[] {mr - 1, 5, nr + 1}, new long[] {mr + 1, 3, nr - 1}, new long[] {mr, 1, nr},
                new long[] {2 * mr + 1, kc - 1, 2 * nr + 1}, new long[] {mr + 3, kc, nr}, new long[] {3, kc + 1, 5},
                new long[] {9, 2 * kc + 3, nr + 2}, new long[] {mc - 1, 4, 7}, new long[] {mc + 1, 7, nr + 3},
                new long[] {2 * mc + 5, kc + 2, 3}, new long[] {2, 3, nc - 1}, new long[] {3, 2, nc + nr + 1},
                new long[] {1, 40, 1}, new long[] {1, 600, 1030}, new long[] {70, 1, 90});
    }

    @ParameterizedTest
    @MethodSource("blockEdges")
    void matmulAroundTheBlockEdges(long[] mkn) {
        long m = mkn[0];
        long k = mkn[1];
        long n = mkn[2];
        Tensor a = randn(12, 2, m, k);
        Tensor b = randn(13, 2, k, n);
        float[][] r = both(o -> new OpCall.MatMul(a, b, o), 2, m, n);
        assertClose(r, (float) (1e-5 * Math.sqrt(k) * 4), "matmul " + m + "x" + k + "x" + n);
    }

    @Test
    void matmulWithTransposedLeftOperandOverSeveralPanelsAndBatchesSharingB() {
        long m = GemmKernel.MR * 3 + 1;
        long k = VectorMatMul.KC + 5;
        long n = GemmKernel.NR + 3;
        Tensor a = randn(14, 3, k, m);
        Tensor at = keep(a.transpose(1, 2));
        Tensor b = randn(15, 1, k, n);
        Tensor shared = keep(b.broadcastTo(3, k, n));
        float[][] r = both(o -> new OpCall.MatMul(at, shared, o), 3, m, n);
        assertClose(r, (float) (1e-5 * Math.sqrt(k) * 4), "matmul a^T b, b broadcast over 3 batches");
    }

    @Test
    void matrixVectorProductSplitsColumnsOverThreads() {
        long k = 600;
        long n = 1030;
        Tensor a = randn(19, 1, 1, k);
        Tensor b = randn(20, 1, k, n);
        float[][] r = both(o -> new OpCall.MatMul(a, b, o), 1, 1, n);
        assertClose(r, (float) (1e-5 * Math.sqrt(k) * 4), "matmul 1x" + k + "x" + n);
        Tensor a3 = randn(21, 2, k, GemmKernel.MR - 1);
        Tensor a3t = keep(a3.transpose(1, 2));
        Tensor b2 = randn(22, 2, k, n);
        float[][] r3 = both(o -> new OpCall.MatMul(a3t, b2, o), 2, GemmKernel.MR - 1, n);
        assertClose(r3, (float) (1e-5 * Math.sqrt(k) * 4), "matmul a^T b with fewer rows than a tile");
    }

    @Test
    void matmulWithEmptySharedDimensionWritesZeros() {
        Tensor a = randn(16, 2, 5, 0);
        Tensor b = randn(17, 2, 0, 9);
        Tensor out = keep(F.randn(DType.F32, 18, 2, 5, 9));
        SIMD.execute(new OpCall.MatMul(a, b, out));
        for (float v : out.toFloatArray()) {
            assertEquals(0f, v);
        }
    }

    @Test
    void layoutsWithoutAVectorKernelAreDeclined() {
        Tensor x = randn(11, 4, 6);
        Tensor xt = keep(x.transpose(0, 1));
        Tensor out = keep(F.empty(DType.F32, 6, 4));
        assertFalse(SIMD.accepts(new OpCall.Binary(Op.ADD, xt, xt, out)));
        assertFalse(SIMD.accepts(new OpCall.Softmax(x, 0, keep(F.empty(DType.F32, 4, 6)))));
        Tensor strided = keep(x.slice(Slice.all(), Slice.range(null, null, 2)));
        assertFalse(SIMD.accepts(new OpCall.Unary(Op.RELU, strided, keep(F.empty(DType.F32, 4, 3)))));
    }

    @Test
    void largeElementwiseCallsAreSplitAcrossThreadsWithTheSameResult() {
        long n = ChunkedElementwise.MIN_ELEMENTS + 3 * L + 1;
        Tensor x = randn(41, n);
        Tensor y = randn(42, n);
        OpCall probe = new OpCall.Binary(Op.ADD, x, y, keep(F.empty(DType.F32, n)));
        assertTrue(ChunkedElementwise.worthSplitting(probe, 2));
        assertClose(both(o -> new OpCall.Binary(Op.MUL, x, y, o), n), EXACT, "mul split");
        assertClose(both(o -> new OpCall.Unary(Op.RELU, x, o), n), EXACT, "relu split");
        assertClose(both(o -> new OpCall.Clamp(x, -1f, 1f, o), n), EXACT, "clamp split");
        long rows = ChunkedElementwise.MIN_ELEMENTS / 64 + 3;
        Tensor m = randn(43, rows, 64);
        assertTrue(ChunkedRows.worthSplitting(new OpCall.Softmax(m, 1, keep(F.empty(DType.F32, rows, 64))), 2));
        assertClose(both(o -> new OpCall.Softmax(m, 1, o), rows, 64), SOFTMAX_ATOL, "softmax split by rows");
        assertRelative(both(o -> new OpCall.Norm(Op.RMS_NORM, m, null, null, 1e-6f, o), rows, 64), 1e-5, 1e-6,
                "rms_norm split by rows");
        assertRelative(both(o -> new OpCall.Reduce(Op.MAX, m, 1, o), rows), 0, 0, "max split by rows");
    }

    /** The transformer kernels, here so that every width this class runs at covers them too. */
    @Nested
    class Transformer extends TransformerAgainstCpuCases {
    }

    @Test
    void reportsTheSpeciesInUse() {
        assertTrue(SIMD.info().detail().contains(L + " lanes"), SIMD.info().detail());
    }
}
