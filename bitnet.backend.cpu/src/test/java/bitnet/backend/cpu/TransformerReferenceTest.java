package bitnet.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * The CPU reference kernels of the transformer operations against values written down by hand or computed by
 * {@code src/test/python/transformer_reference.py} (NumPy, float64, rounded to float32 once).
 */
class TransformerReferenceTest {
    /** The reference rounds a double result once: equal to the float32 of the float64 value, or one ulp away. */
    private static final int ULPS = 1;

    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory f = new PooledTensorFactory(pool);
    private final DispatchingTensorOps ops = new DispatchingTensorOps(
            new RankedDispatcher(() -> List.of(new Registration(new CpuBackend(), 40, 1))), f);

    @AfterEach
    void noLeaks() {
        assertEquals(0, pool.stats().liveBlocks(), "every tensor closed");
    }

    private static void assertUlps(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], ULPS * Math.ulp(expected[i]), what + " [" + i + "]");
        }
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i])) {
                assertTrue(Float.isNaN(actual[i]), what + " [" + i + "] is NaN");
            } else {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        what + " [" + i + "]: expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }

    /** A {@code [rows, width]} table of 16-bit patterns, element 2i in the low half of int i (little-endian). */
    private Tensor halves(DType dtype, int rows, int... patterns) {
        int[] packed = new int[patterns.length / 2];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = patterns[2 * i] & 0xFFFF | patterns[2 * i + 1] << 16;
        }
        try (Tensor ints = f.of(packed, rows, patterns.length / rows / 2)) {
            return ints.view(dtype);
        }
    }

    // ---- embedding ----

    @Test
    void embeddingConvertsF16RowsExactly() {
        float[][] rows = {
            {1f, -2f, 0.333251953125f, 0x1p-24f}, // 0x3C00, 0xC000, 0x3555, smallest subnormal 0x0001
            {65504f, Float.NEGATIVE_INFINITY, -0f, 0x1p-14f}, // 0x7BFF, 0xFC00, 0x8000, smallest normal 0x0400
            {0.5f, 3.140625f, 1023 * 0x1p-24f, Float.NaN}}; // 0x3800, 0x4248, largest subnormal 0x03FF, 0x7E00
        try (Tensor table = halves(DType.F16, 3, 0x3C00, 0xC000, 0x3555, 0x0001, 0x7BFF, 0xFC00, 0x8000, 0x0400,
                0x3800, 0x4248, 0x03FF, 0x7E00); Tensor ids = f.of(new int[] {2, 0, 2, 1}, 4);
                Tensor out = ops.embedding(table, ids)) {
            assertArrayEquals(new long[] {4, 4}, out.shape());
            float[] expected = concat(rows[2], rows[0], rows[2], rows[1]);
            assertBits(expected, out.toFloatArray(), "F16 rows 2, 0, 2, 1");
        }
    }

    @Test
    void embeddingConvertsBf16RowsExactly() {
        try (Tensor table = halves(DType.BF16, 2, 0x3F80, 0xC040, 0x3EAB, 0x0001, 0x7F80, 0x4049, 0x8000, 0x7F7F);
                Tensor id = f.of(new int[] {1}, new long[0]); Tensor one = ops.embedding(table, id);
                Tensor ids = f.of(new int[] {0, 1}, 2); Tensor both = ops.embedding(table, ids)) {
            // 0x3EAB: 1.3359375 / 4; 0x0001: 2^-133 (subnormal); 0x4049: 3.140625; 0x7F7F: the largest BF16
            float[] row0 = {1f, -3f, 0.333984375f, 0x1p-133f};
            float[] row1 = {Float.POSITIVE_INFINITY, 3.140625f, -0f, 0x1.FEp127f};
            assertArrayEquals(new long[] {4}, one.shape(), "a scalar id gives one row");
            assertBits(row1, one.toFloatArray(), "BF16 row 1");
            assertBits(concat(row0, row1), both.toFloatArray(), "BF16 rows 0, 1");
        }
    }

    @Test
    void embeddingOfNoIdsOrEmptyRows() {
        try (Tensor table = f.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2); Tensor none = f.empty(DType.I32, 0);
                Tensor out = ops.embedding(table, none); Tensor narrow = f.empty(DType.F16, 3, 0);
                Tensor ids = f.of(new int[] {2, 1}, 2); Tensor empty = ops.embedding(narrow, ids)) {
            assertArrayEquals(new long[] {0, 2}, out.shape());
            assertArrayEquals(new long[] {2, 0}, empty.shape());
        }
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    // ---- RoPE ----

    @Test
    void ropeOfOneFourWideHeadAtPositionsZeroOneAndSeven() {
        float[] x = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4};
        // transformer_reference.py: d = 4, so i = 0 turns by pos radians and i = 1 by pos * theta^-1/2.
        float[] theta10k = {1f, 2f, 3f, 4f, -1.9841106f, 1.9599006f, 2.4623778f, 4.0197997f, -1.2170576f, 1.7153306f,
            2.9186933f, 4.1300898f};
        float[] theta500k = {1f, 2f, 3f, 4f, -1.9841106f, 1.9943411f, 2.4623778f, 4.0028243f, -1.2170576f,
            1.9603046f, 2.9186933f, 4.019603f};
        try (Tensor in = f.of(x, 3, 1, 4); Tensor pos = f.of(new int[] {0, 1, 7}, 3);
                Tensor a = ops.rope(in, pos, 10_000f); Tensor b = ops.rope(in, pos, 500_000f)) {
            assertArrayEquals(new long[] {3, 1, 4}, a.shape());
            assertBits(slice(x, 0, 4), slice(a.toFloatArray(), 0, 4), "position 0 is the identity");
            assertUlps(theta10k, a.toFloatArray(), "theta 10000");
            assertUlps(theta500k, b.toFloatArray(), "theta 500000");
        }
    }

    @Test
    void ropePairsElementIWithIPlusHalfNotItsNeighbour() {
        // Only x[2] = 1, position 1, theta 10000: rotate-half pairs (0, 2) at angle 1 rad and gives
        // [-sin 1, 0, cos 1, 0]; the interleaved pairing would rotate (2, 3) by 0.01 rad: [0, 0, cos .01, sin .01].
        try (Tensor in = f.of(new float[] {0, 0, 1, 0}, 1, 1, 4); Tensor pos = f.of(new int[] {1}, 1);
                Tensor out = ops.rope(in, pos, 10_000f)) {
            float[] r = out.toFloatArray();
            assertUlps(new float[] {-0.84147098f, 0f, 0.54030231f, 0f}, r, "rotate-half pairing");
        }
        try (Tensor in = f.of(new float[] {1, 2, 3, 4}, 1, 1, 4); Tensor pos = f.of(new int[] {1}, 1);
                Tensor out = ops.rope(in, pos, 10_000f)) {
            float[] interleaved = {-1.1426396f, 1.9220756f, 2.9598505f, 4.0297995f};
            float[] r = out.toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertTrue(Math.abs(r[i] - interleaved[i]) > 0.005f, "differs from the interleaved result at " + i);
            }
        }
    }

    @Test
    void ropeOfNoRowsAndOfEmptyHeads() {
        try (Tensor in = f.empty(DType.F32, 0, 20, 128); Tensor pos = f.empty(DType.I32, 0);
                Tensor out = ops.rope(in, pos, 500_000f); Tensor flat = f.empty(DType.F32, 2, 3, 0);
                Tensor p2 = f.of(new int[] {4, 5}, 2); Tensor out2 = ops.rope(flat, p2, 10_000f)) {
            assertArrayEquals(new long[] {0, 20, 128}, out.shape());
            assertArrayEquals(new long[] {2, 3, 0}, out2.shape());
        }
    }

    // ---- attention ----

    @Test
    void attentionOfTwoQueryHeadsOverOneF16KvHeadIsCausal() {
        float ln3 = 1.0986123f;
        // Two query rows at positions 1 and 2 (start 1); query head 0 = [ln 3, 0], head 1 = [0, 0].
        float[] q = {ln3, 0, 0, 0, ln3, 0, 0, 0};
        // Position 2's key would dominate row 0's softmax (score 10 ln 3) and position 3's every row (50 ln 3):
        // row 0 may read positions 0-1 only, row 1 positions 0-2.
        float[] k = {1, 0, 0, 1, 10, 10, 50, 50};
        float[] v = {1, 2, 3, 4, 100, 100, 1000, 1000};
        try (Tensor query = f.of(q, 2, 2, 2); Tensor k32 = f.of(k, 4, 1, 2); Tensor v32 = f.of(v, 4, 1, 2);
                Tensor keys = k32.to(DType.F16); Tensor values = v32.to(DType.F16);
                Tensor out = ops.attention(query, keys, values, 1, 1f)) {
            assertArrayEquals(new long[] {2, 2, 2}, out.shape());
            // Row 0: weights 3/4, 1/4 (head 0) and 1/2, 1/2 (head 1); row 1 from transformer_reference.py
            // (head 1 is the plain mean of the three visible values: 104/3, 106/3).
            assertUlps(new float[] {1.5f, 2.5f, 2f, 3f, 99.993324f, 99.99339f, 34.666668f, 35.333332f},
                    out.toFloatArray(), "GQA over an F16 cache, start 1");
        }
    }

    @Test
    void consecutiveQueryHeadsShareAKvHead() {
        // 4 query heads over 2 KV heads: heads 0, 1 read KV head 0 and heads 2, 3 KV head 1 (h / 2, not h % 2).
        // Zero queries weight both visible positions equally: KV head 0 averages 10 and 20, KV head 1 -4 and 8.
        try (Tensor q = f.zeros(DType.F32, 1, 4, 1); Tensor k = f.zeros(DType.F32, 2, 2, 1);
                Tensor v = f.of(new float[] {10, -4, 20, 8}, 2, 2, 1); Tensor out = ops.attention(q, k, v, 1, 1f)) {
            assertArrayEquals(new float[] {15, 15, 2, 2}, out.toFloatArray(), 0f);
        }
    }

    @Test
    void attentionOfNoQueryRows() {
        try (Tensor q = f.empty(DType.F32, 0, 4, 8); Tensor k = f.zeros(DType.F16, 3, 2, 8);
                Tensor v = f.zeros(DType.F16, 3, 2, 8); Tensor out = ops.attention(q, k, v, 3, 0.5f)) {
            assertArrayEquals(new long[] {0, 4, 8}, out.shape());
        }
    }

    // ---- linear ----

    @Test
    void linearWithHalfPrecisionWeights() {
        float[] w = {1, -2, 0.5f, 0.25f, 0, 3};
        // [2, 1, 4] . rows = [2 - 2 + 2, 0.5 + 0 + 12]; [1, 1, 1] . rows = [-0.5, 3.25]
        float[] expected = {2f, 12.5f, -0.5f, 3.25f};
        for (DType dtype : new DType[] {DType.F32, DType.F16, DType.BF16}) {
            try (Tensor w32 = f.of(w, 2, 3); Tensor weights = w32.to(dtype);
                    Tensor x = f.of(new float[] {2, 1, 4, 1, 1, 1}, 2, 3); Tensor y = ops.linear(weights, null, x)) {
                assertArrayEquals(new long[] {2, 2}, y.shape());
                assertArrayEquals(expected, y.toFloatArray(), 0f, dtype.toString());
            }
        }
    }

    @Test
    void linearWithInt8RowsAndTheirScales() {
        // Row 0: (1 - 4 + 381) * 0.5 = 189; row 1: (-128 + 0 + 9) * 0.25 = -29.75.
        try (Tensor weights = f.of(new byte[] {1, -2, 127, -128, 0, 3}, 2, 3);
                Tensor scales = f.of(new float[] {0.5f, 0.25f}, 2); Tensor x = f.of(new float[] {1, 2, 3}, 3);
                Tensor y = ops.linear(weights, scales, x)) {
            assertArrayEquals(new long[] {2}, y.shape(), "a vector input gives a vector");
            assertArrayEquals(new float[] {189f, -29.75f}, y.toFloatArray(), 0f);
        }
    }

    @Test
    void linearOfEmptySizes() {
        try (Tensor w2 = f.ones(DType.BF16, 3, 4); Tensor none = f.empty(DType.F32, 0, 4);
                Tensor noRows = ops.linear(w2, null, none); Tensor w3 = f.empty(DType.F16, 0, 4);
                Tensor x3 = f.ones(DType.F32, 2, 4); Tensor noFeatures = ops.linear(w3, null, x3)) {
            assertArrayEquals(new long[] {0, 3}, noRows.shape());
            assertArrayEquals(new long[] {2, 0}, noFeatures.shape());
        }
        // No input features, on the kernel directly (TransformerOps.linear divides by the feature count when it
        // reshapes the input, so this size cannot pass through it yet): an empty sum is 0.
        try (Tensor w = f.empty(DType.F16, 3, 0); Tensor x = f.empty(DType.F32, 2, 0);
                Tensor y = f.full(DType.F32, Float.NaN, 2, 3)) {
            new CpuBackend().execute(new bitnet.api.backend.OpCall.Linear(w, null, x, y));
            assertArrayEquals(new float[6], y.toFloatArray(), 0f);
        }
    }

    private static float[] slice(float[] a, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from, to);
    }
}
