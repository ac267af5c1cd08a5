package bitnet.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * The transformer kernels (embedding, RoPE, attention, linear) against the CPU reference on seeded data, at sizes
 * around the vector width. It runs as {@code SimdAgainstCpuTest.Transformer}, so Maven runs it at every width the
 * module's build names ({@code -Dbitnet.simd.bits=64, 128} and the preferred width).
 */
abstract class TransformerAgainstCpuCases {
    /** Embedding and RoPE are bit-identical to the reference (conversions are exact; RoPE rounds as it does). */
    private static final float EXACT = 0f;
    /** Unit roundoff of F32. */
    private static final double U = 0x1p-24;

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

    private Tensor keep(Tensor t) {
        open.add(t);
        return t;
    }

    private Tensor randn(long seed, DType dtype, long... shape) {
        Tensor f = keep(F.randn(DType.F32, seed, shape));
        return dtype == DType.F32 ? f : keep(f.to(dtype));
    }

    private Tensor ints(int[] values) {
        return keep(F.of(values, values.length));
    }

    /** Runs the call on both backends (SIMD first, which must accept it); returns {simd, cpu}. */
    private float[][] both(Function<Tensor, OpCall> call, long... outShape) {
        Tensor a = keep(F.full(DType.F32, Float.NaN, outShape));
        Tensor b = keep(F.full(DType.F32, Float.NaN, outShape));
        OpCall simdCall = call.apply(a);
        assertTrue(SIMD.accepts(simdCall), "simd accepts " + simdCall.op() + " " + simdCall.dtype());
        SIMD.execute(simdCall);
        CPU.execute(call.apply(b));
        return new float[][] {a.toFloatArray(), b.toFloatArray()};
    }

    private static void assertBits(float[][] r, String what) {
        assertEquals(r[1].length, r[0].length, what);
        for (int i = 0; i < r[0].length; i++) {
            if (Float.isNaN(r[1][i])) {
                assertTrue(Float.isNaN(r[0][i]), what + " [" + i + "] expected NaN");
            } else {
                assertEquals(Float.floatToRawIntBits(r[1][i]), Float.floatToRawIntBits(r[0][i]),
                        what + " [" + i + "]: simd " + r[0][i] + " cpu " + r[1][i]);
            }
        }
    }

    private static void assertWithin(float[][] r, double[] bound, String what) {
        assertEquals(r[1].length, r[0].length, what);
        for (int i = 0; i < r[0].length; i++) {
            float s = r[0][i];
            float c = r[1][i];
            if (!Float.isFinite(c)) {
                assertEquals(c, s, what + " [" + i + "]");
            } else {
                assertTrue(Math.abs(s - c) <= bound[i], what + " [" + i + "]: simd " + s + " cpu " + c + ", off by "
                        + Math.abs(s - c) + " > " + bound[i]);
            }
        }
    }

    static IntStream widths() {
        return IntStream.of(0, 1, 2, L - 1, L, L + 1, 2 * L - 1, 2 * L, 2 * L + 1, 3 * L + 3, 4 * L + 5, 1027)
                .filter(n -> n >= 0).distinct();
    }

    // ---- embedding ----

    @ParameterizedTest
    @MethodSource("widths")
    void embeddingRowsAreExactForEveryTableDtype(int width) {
        int[] ids = {3, 0, 6, 3, 1};
        for (DType dtype : new DType[] {DType.F32, DType.F16, DType.BF16}) {
            Tensor table = randn(100 + width, dtype, 7, width);
            Tensor idt = ints(ids);
            assertBits(both(o -> new OpCall.Embedding(table, idt, o), ids.length, width), "embedding " + dtype
                    + " width " + width);
            Tensor none = keep(F.empty(DType.I32, 0));
            assertBits(both(o -> new OpCall.Embedding(table, none, o), 0, width), "no ids " + dtype);
        }
    }

    @Test
    void everyHalfPrecisionBitPatternConvertsLikeTheJdk() {
        int[] packed = new int[1 << 15];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (2 * i) | (2 * i + 1) << 16;
        }
        for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
            Tensor table = keep(keep(F.of(packed, 1, packed.length)).view(dtype));
            Tensor idt = ints(new int[] {0});
            float[][] r = both(o -> new OpCall.Embedding(table, idt, o), 1, 1 << 16);
            for (int bits = 0; bits < 1 << 16; bits++) {
                float expected = dtype == DType.F16 ? Float.float16ToFloat((short) bits)
                        : Float.intBitsToFloat(bits << 16);
                if (Float.isNaN(expected)) {
                    assertTrue(Float.isNaN(r[0][bits]), dtype + " pattern " + Integer.toHexString(bits) + " is NaN");
                } else {
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(r[0][bits]),
                            dtype + " pattern 0x" + Integer.toHexString(bits));
                }
            }
            assertBits(r, dtype + " all patterns against the reference");
        }
    }

    // ---- RoPE ----

    static Stream<Arguments> ropeShapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (int d : new int[] {2, 4, 6, 2 * L - 2, 2 * L, 2 * L + 2, 4 * L + 2, 64, 128}) {
            for (int[] nh : new int[][] {{1, 1}, {3, 5}, {2, 20}}) {
                shapes.add(Arguments.of(nh[0], nh[1], d));
            }
        }
        shapes.add(Arguments.of(0, 20, 128));
        return shapes.stream().distinct();
    }

    @ParameterizedTest
    @MethodSource("ropeShapes")
    void ropeIsBitIdenticalToTheReference(int n, int heads, int d) {
        Tensor x = randn(7 + d, DType.F32, n, heads, d);
        int[] pos = new int[n];
        SplittableRandom random = new SplittableRandom(d);
        for (int t = 0; t < n; t++) {
            pos[t] = t == 0 ? 0 : t == 1 ? 4095 : random.nextInt(200_000);
        }
        Tensor p = ints(pos);
        for (float theta : new float[] {10_000f, 500_000f}) {
            assertBits(both(o -> new OpCall.Rope(x, p, theta, o), n, heads, d), "rope " + n + "x" + heads + "x" + d
                    + " theta " + theta);
        }
    }

    @Test
    void ropeWithRepeatedPositionsReusesNothingWrong() {
        Tensor x = randn(9, DType.F32, 4, 3, 2 * L + 2);
        Tensor p = ints(new int[] {5, 5, 6, 5});
        assertBits(both(o -> new OpCall.Rope(x, p, 10_000f, o), 4, 3, 2 * L + 2), "rope repeated positions");
    }

    // ---- attention ----

    static Stream<Arguments> attentionShapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (int d : new int[] {1, 3, L - 1, L, L + 1, 2 * L + 1, 64, 128}) {
            for (int[] heads : new int[][] {{1, 1}, {2, 1}, {20, 5}, {4, 4}}) {
                for (int[] startN : new int[][] {{0, 1}, {0, 5}, {3, 1}, {37, 2}}) {
                    if (d >= 64 && heads[0] == 4) {
                        continue;
                    }
                    shapes.add(Arguments.of(startN[1], heads[0], heads[1], d, startN[0]));
                }
            }
        }
        shapes.add(Arguments.of(0, 20, 5, 128, 4)); // no query rows
        shapes.add(Arguments.of(1, 20, 5, 128, 300)); // decode, large enough for threads
        shapes.add(Arguments.of(48, 20, 5, 64, 0)); // prefill, threads
        shapes.add(Arguments.of(9, 8, 2, 2 * L + 3, 100)); // prefill after a prefix
        return shapes.stream();
    }

    @ParameterizedTest
    @MethodSource("attentionShapes")
    void attentionMatchesTheReference(int n, int heads, int kvHeads, int d, int start) {
        int capacity = start + n + 3;
        for (DType cache : new DType[] {DType.F32, DType.F16}) {
            Tensor q = randn(11 + d, DType.F32, n, heads, d);
            Tensor k = randn(12 + d, cache, capacity, kvHeads, d);
            Tensor v = randn(13 + d, cache, capacity, kvHeads, d);
            poisonBeyond(k, start + n);
            poisonBeyond(v, start + n);
            float scale = (float) (1 / Math.sqrt(d));
            float[][] r = both(o -> new OpCall.Attention(q, k, v, start, scale, o), n, heads, d);
            assertWithin(r, attentionBounds(q, k, v, start, scale), "attention " + cache + " n=" + n + " heads="
                    + heads + "/" + kvHeads + " d=" + d + " start=" + start);
        }
    }

    // Positions past the last query row must not be read: NaN there would reach every output that reads them.
    private static void poisonBeyond(Tensor cache, long from) {
        long[] shape = cache.shape();
        for (long j = from; j < shape[0]; j++) {
            for (long h = 0; h < shape[1]; h++) {
                for (long i = 0; i < shape[2]; i++) {
                    cache.setFloat(Float.NaN, j, h, i);
                }
            }
        }
    }

    /**
     * Per output element: the F32 score error (a dot product of d terms in L lanes, {@code (d/L + log2 L + 2) u
     * sum|q k|}, times the scale) moves the softmax weights by at most twice that, times max|v|; exp in float lanes
     * (a few ulps), the F32 sum of the exponentials, the weighted sum of {@code visible} rows and the final
     * division add {@code (visible (1 + 1/L) + log2 L + 8) u max|v|}. Doubled for the first-order terms left out.
     */
    private static double[] attentionBounds(Tensor q, Tensor k, Tensor v, int start, float scale) {
        int n = (int) q.dim(0);
        int heads = (int) q.dim(1);
        int d = (int) q.dim(2);
        int kvHeads = (int) k.dim(1);
        int group = heads / kvHeads;
        float[] qs = q.toFloatArray();
        float[] ks = k.toFloatArray();
        float[] vs = v.toFloatArray();
        double dotU = (Math.ceil((double) d / L) + log2(L) + 2) * U;
        double[] bound = new double[n * heads * d];
        for (int t = 0; t < n; t++) {
            int visible = start + t + 1;
            for (int h = 0; h < heads; h++) {
                int kv = h / group;
                double qk = 0;
                double vmax = 0;
                for (int j = 0; j < visible; j++) {
                    double s = 0;
                    for (int i = 0; i < d; i++) {
                        s += Math.abs(qs[(t * heads + h) * d + i] * ks[(j * kvHeads + kv) * d + i]);
                        vmax = Math.max(vmax, Math.abs(vs[(j * kvHeads + kv) * d + i]));
                    }
                    qk = Math.max(qk, s);
                }
                double b = 2 * vmax * (2 * Math.abs(scale) * dotU * qk
                        + (visible * (1 + 1.0 / L) + log2(L) + 8) * U);
                for (int i = 0; i < d; i++) {
                    bound[(t * heads + h) * d + i] = b;
                }
            }
        }
        return bound;
    }

    private static double log2(int x) {
        return 31 - Integer.numberOfLeadingZeros(x);
    }

    // ---- linear ----

    static Stream<Arguments> linearShapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (int in : new int[] {0, 1, 2, L - 1, L, L + 1, 2 * L + 1, 4 * L, 4 * L + 3, 1027}) {
            for (int n : new int[] {0, 1, 2, 4, 5, 9}) {
                shapes.add(Arguments.of(n, 7, in));
            }
        }
        shapes.add(Arguments.of(1, 0, 5)); // no output features
        shapes.add(Arguments.of(1, 300, 1030)); // decode, rows split over threads
        shapes.add(Arguments.of(6, 300, 1030)); // prefill: tiles of 4 and a remainder, over threads
        shapes.add(Arguments.of(3, 40, 2560)); // rows longer than one converted block holds
        return shapes.stream();
    }

    @ParameterizedTest
    @MethodSource("linearShapes")
    void linearMatchesTheReferenceForEveryWeightDtype(int n, int rows, int in) {
        Tensor x = randn(21 + in, DType.F32, n, in);
        for (DType dtype : new DType[] {DType.F32, DType.F16, DType.BF16, DType.I8}) {
            Tensor w;
            Tensor scales = null;
            if (dtype == DType.I8) {
                byte[] bytes = new byte[rows * in];
                SplittableRandom random = new SplittableRandom(in);
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                w = keep(F.of(bytes, rows, in));
                scales = keep(F.rand(DType.F32, 22, rows));
            } else {
                w = randn(23 + in, dtype, rows, in);
            }
            Tensor s = scales;
            float[][] r = both(o -> new OpCall.Linear(w, s, x, o), n, rows);
            assertWithin(r, linearBounds(w, s, x), "linear " + dtype + " " + n + "x" + in + " -> " + rows);
        }
    }

    /**
     * Each output row is bit-identical to the same input row multiplied alone: a sequence's logits must not depend
     * on which other sequences share its pass (continuous batching), so the one-row path (weights converted a chunk at
     * a time in L1) and the tiled path (weights converted once per block) must add in the same order.
     */
    @ParameterizedTest
    @MethodSource("linearShapes")
    void everyRowIsBitIdenticalToThatRowAlone(int n, int rows, int in) {
        Tensor x = randn(31 + in, DType.F32, n, in);
        for (DType dtype : new DType[] {DType.F32, DType.F16, DType.BF16, DType.I8}) {
            Tensor w;
            Tensor scales = null;
            if (dtype == DType.I8) {
                byte[] bytes = new byte[rows * in];
                SplittableRandom random = new SplittableRandom(in + 1);
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                w = keep(F.of(bytes, rows, in));
                scales = keep(F.rand(DType.F32, 32, rows));
            } else {
                w = randn(33 + in, dtype, rows, in);
            }
            float[] xs = x.toFloatArray();
            Tensor all = keep(F.full(DType.F32, Float.NaN, n, rows));
            SIMD.execute(new OpCall.Linear(w, scales, x, all));
            float[] together = all.toFloatArray();
            for (int t = 0; t < n; t++) {
                Tensor row = keep(F.of(Arrays.copyOfRange(xs, t * in, (t + 1) * in), 1, in));
                Tensor one = keep(F.full(DType.F32, Float.NaN, 1, rows));
                SIMD.execute(new OpCall.Linear(w, scales, row, one));
                float[] alone = one.toFloatArray();
                for (int r = 0; r < rows; r++) {
                    assertEquals(Float.floatToRawIntBits(alone[r]), Float.floatToRawIntBits(together[t * rows + r]),
                            dtype + " " + n + "x" + in + " row " + t + " output " + r + ": alone " + alone[r]
                                    + ", with the others " + together[t * rows + r]);
                }
            }
        }
    }

    /** {@code (in/L + log2 L + 4) u sum_k |x_k W_rk| |scale_r|}: F32 lanes over in/L terms, then the reduction. */
    private static double[] linearBounds(Tensor w, Tensor scales, Tensor x) {
        int rows = (int) w.dim(0);
        int in = (int) w.dim(1);
        int n = (int) x.dim(0);
        float[] ws = w.toFloatArray();
        float[] xs = x.toFloatArray();
        float[] ss = scales == null ? null : scales.toFloatArray();
        double factor = (Math.ceil((double) in / L) + log2(L) + 4) * U;
        double[] bound = new double[n * rows];
        for (int t = 0; t < n; t++) {
            for (int r = 0; r < rows; r++) {
                double a = 0;
                for (int i = 0; i < in; i++) {
                    a += Math.abs((double) xs[t * in + i] * ws[r * in + i]);
                }
                bound[t * rows + r] = factor * a * (ss == null ? 1 : Math.abs(ss[r])) + Float.MIN_VALUE;
            }
        }
        return bound;
    }

    /**
     * Every finite F16 and BF16 pattern and every int8 value as a weight, read back exactly: one-hot input rows
     * (decode path, one call per column) and the identity as input (prefill path) give {@code y[t, r] = W[r, t]}.
     * 67 columns leave a tail after the whole vector blocks at every width.
     */
    @Test
    void linearReadsEveryFiniteWeightExactly() {
        int in = 67;
        for (DType dtype : new DType[] {DType.F16, DType.BF16, DType.I8}) {
            int patterns = dtype == DType.I8 ? 256 : 1 << 16;
            int rows = (patterns + in - 1) / in;
            Tensor w;
            float[] expected = new float[rows * in];
            if (dtype == DType.I8) {
                byte[] b = new byte[rows * in];
                for (int i = 0; i < patterns; i++) {
                    b[i] = (byte) i;
                    expected[i] = (byte) i;
                }
                w = keep(F.of(b, rows, in));
            } else {
                int[] packed = new int[rows * in / 2 + 1];
                for (int i = 0; i < patterns; i++) {
                    float v = dtype == DType.F16 ? Float.float16ToFloat((short) i) : Float.intBitsToFloat(i << 16);
                    int bits = Float.isFinite(v) ? i : 0;
                    expected[i] = Float.isFinite(v) ? v : 0f;
                    packed[i / 2] |= bits << (16 * (i % 2));
                }
                Tensor ints = keep(F.of(packed, packed.length));
                Tensor halves = keep(ints.view(dtype));
                Tensor flat = keep(halves.slice(bitnet.api.tensor.Slice.range(0, rows * in)));
                w = keep(keep(flat.contiguous()).reshape(rows, in));
            }
            Tensor scales = dtype == DType.I8 ? keep(F.full(DType.F32, 1f, rows)) : null;
            for (int k = 0; k < in; k++) {
                float[] oneHot = new float[in];
                oneHot[k] = 1f;
                Tensor x = keep(F.of(oneHot, 1, in));
                Tensor y = keep(F.empty(DType.F32, 1, rows));
                SIMD.execute(new OpCall.Linear(w, scales, x, y));
                float[] got = y.toFloatArray();
                for (int r = 0; r < rows; r++) {
                    assertEquals(expected[r * in + k], got[r], 0f, dtype + " decode W[" + r + ", " + k + "]");
                }
            }
            float[] identity = new float[in * in];
            for (int k = 0; k < in; k++) {
                identity[k * in + k] = 1f;
            }
            Tensor eye = keep(F.of(identity, in, in));
            Tensor y = keep(F.empty(DType.F32, in, rows));
            SIMD.execute(new OpCall.Linear(w, scales, eye, y));
            float[] got = y.toFloatArray();
            for (int t = 0; t < in; t++) {
                for (int r = 0; r < rows; r++) {
                    assertEquals(expected[r * in + t], got[t * rows + r], 0f, dtype + " prefill W[" + r + ", " + t + "]");
                }
            }
        }
    }

    @Test
    void infinityAndNaNInHalfWeightsReachTheOutputLikeTheReference() {
        int in = 4 * L + 3;
        float[] values = new float[3 * in];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 7) - 3;
        }
        values[2] = Float.POSITIVE_INFINITY;
        values[in + 2 * L + 1] = Float.NaN;
        values[2 * in + in - 1] = Float.NEGATIVE_INFINITY;
        Tensor x = keep(F.full(DType.F32, 0.5f, 1, in));
        for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
            Tensor w = keep(keep(F.of(values, 3, in)).to(dtype));
            float[][] r = both(o -> new OpCall.Linear(w, null, x, o), 1, 3);
            assertEquals(Float.POSITIVE_INFINITY, r[0][0], dtype + " +inf weight");
            assertTrue(Float.isNaN(r[0][1]), dtype + " NaN weight");
            assertEquals(Float.NEGATIVE_INFINITY, r[0][2], dtype + " -inf weight in the tail");
            assertBits(r, dtype + " specials against the reference");
        }
    }

    @Test
    void layoutsOutsideTheContractAreDeclined() {
        Tensor table = randn(1, DType.F32, 6, 4);
        Tensor tableT = keep(table.transpose(0, 1));
        Tensor ids = ints(new int[] {1});
        assertFalse(SIMD.accepts(new OpCall.Embedding(tableT, ids, keep(F.empty(DType.F32, 1, 6)))));
        Tensor w = randn(2, DType.F32, 3, 4);
        Tensor wT = keep(w.transpose(0, 1));
        Tensor x = randn(3, DType.F32, 1, 3);
        assertFalse(SIMD.accepts(new OpCall.Linear(wT, null, x, keep(F.empty(DType.F32, 1, 4)))),
                "transposed weights");
        Tensor w8 = keep(F.of(new byte[] {1, 2, 3, 4}, 1, 4));
        Tensor x4 = randn(4, DType.F32, 1, 4);
        assertFalse(SIMD.accepts(new OpCall.Linear(w8, null, x4, keep(F.empty(DType.F32, 1, 1)))),
                "int8 weights without scales");
        assertTrue(SIMD.supports(Op.LINEAR, DType.I8));
        assertTrue(SIMD.supports(Op.ATTENTION, DType.F16));
        assertFalse(SIMD.supports(Op.ATTENTION, DType.BF16));
        assertFalse(SIMD.supports(Op.ROPE, DType.F16));
        assertFalse(SIMD.supports(Op.EMBEDDING, DType.I8));
    }
}
