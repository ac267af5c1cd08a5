package bitnet.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.quant.QuantizationException;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Device;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/**
 * The checks of the transformer operations ({@code embedding, rope, attention, linear, copy}, and
 * {@code unpack_ternary}'s header) through
 * {@link DispatchingTensorOps} and a {@link RankedDispatcher}: every bad operand is refused with its typed
 * exception and a message that names the problem, before any backend runs. The backend here only records the
 * calls it is handed (this module cannot depend on the CPU backend, whose tests depend on it); the kernels'
 * results are tested in {@code bitnet.backend.cpu} and {@code bitnet.backend.simd}.
 */
class TransformerOpsValidationTest {
    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory f = new PooledTensorFactory(pool);
    private final Recording backend = new Recording();
    private final DispatchingTensorOps ops = new DispatchingTensorOps(
            new RankedDispatcher(() -> List.of(new Registration(backend, 40, 1))), f);
    private final List<Tensor> open = new ArrayList<>();

    /** Accepts every call and records it; computes nothing. */
    private static final class Recording implements ComputeBackend {
        final List<OpCall> calls = new ArrayList<>();

        @Override
        public BackendInfo info() {
            return new BackendInfo("recording", Device.CPU, "records calls");
        }

        @Override
        public Availability availability() {
            return Availability.ready();
        }

        @Override
        public Set<Op> operations() {
            return EnumSet.allOf(Op.class);
        }

        @Override
        public boolean supports(Op op, DType dtype) {
            return true;
        }

        @Override
        public boolean accepts(OpCall call) {
            return true;
        }

        @Override
        public void execute(OpCall call) {
            calls.add(call);
        }
    }

    @AfterEach
    void noLeaks() {
        open.forEach(Tensor::close);
        assertEquals(0, pool.stats().liveBlocks(), "every tensor closed, results of refused calls included");
    }

    private Tensor keep(Tensor t) {
        open.add(t);
        return t;
    }

    private Tensor zeros(DType dtype, long... shape) {
        return keep(f.zeros(dtype, shape));
    }

    private Tensor ids(int... values) {
        return keep(f.of(values, values.length));
    }

    /** The call fails with {@code type}, its message contains every fragment, and no backend ran. */
    private <T extends Throwable> void refused(Class<T> type, Executable call, String... fragments) {
        int before = backend.calls.size();
        T e = assertThrows(type, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' names " + fragment);
        }
        assertEquals(before, backend.calls.size(), "no backend ran");
    }

    // ---- unpack_ternary ----

    @Test
    void unpackTernaryRefusesAHeaderClaimingMoreWeightsThanItsPayloadHoldsBeforeAllocatingThem() {
        // PackedTernaryFuzzTest's reproducer (crash-run-length-claims-590m-weights): 30 bytes, run-length, that
        // claim 590 million weights (147 MB of output).
        byte[] bytes = {0x42, 0x54, 0x50, 0x01, 0x03, 0x02, 0x06, (byte) 0xf9, (byte) 0xbd, (byte) 0xab, (byte) 0xaf,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x03, 0x30, (byte) 0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x01, 0x2c, 0x7f, (byte) 0xbb};
        Tensor packed = keep(f.of(bytes, bytes.length));
        long before = pool.stats().peakBytesInUse();
        refused(QuantizationException.class, () -> ops.unpackTernary(packed), "RUN_LENGTH_ENCODED",
                "corrupt or truncated");
        assertTrue(pool.stats().peakBytesInUse() - before < 1 << 20, "nothing allocated for the claimed weights");
    }

    // ---- embedding ----

    @Test
    void embeddingRefusesTablesOfOtherDtypesOrRanks() {
        Tensor ids = ids(0);
        refused(UnsupportedDTypeException.class, () -> ops.embedding(zeros(DType.I8, 4, 3), ids), "F32, F16 or BF16",
                "I8");
        refused(UnsupportedDTypeException.class, () -> ops.embedding(zeros(DType.F64, 4, 3), ids), "F64");
        refused(UnsupportedDTypeException.class, () -> ops.embedding(zeros(DType.F16, 12), ids), "[12]");
    }

    @Test
    void embeddingRefusesIdsThatAreNotAnI32Vector() {
        Tensor table = zeros(DType.F16, 4, 3);
        refused(ShapeMismatchException.class, () -> ops.embedding(table, zeros(DType.F32, 2)), "I32", "F32");
        refused(ShapeMismatchException.class, () -> ops.embedding(table, zeros(DType.I32, 2, 2)), "[2, 2]");
    }

    @Test
    void embeddingNamesTheFirstIdOutOfRange() {
        Tensor table = zeros(DType.BF16, 4, 3);
        refused(IndexOutOfBoundsException.class, () -> ops.embedding(table, ids(1, 4, 9)), "id 4 at 1",
                "[0, 4)");
        refused(IndexOutOfBoundsException.class, () -> ops.embedding(table, ids(-1)), "id -1 at 0");
    }

    @Test
    void embeddingHandsTheBackendOneFlatIdListAndShapesTheResult() {
        Tensor table = zeros(DType.F16, 4, 3);
        try (Tensor id = f.of(new int[] {3}, new long[0]); Tensor row = ops.embedding(table, id)) {
            assertArrayEquals(new long[] {3}, row.shape(), "a scalar id gives one row");
        }
        OpCall.Embedding call = (OpCall.Embedding) backend.calls.get(0);
        assertArrayEquals(new long[] {1}, call.ids().shape());
        assertArrayEquals(new long[] {1, 3}, call.output().shape());
        assertEquals(DType.F32, call.output().dtype());
    }

    // ---- rope ----

    @Test
    void ropeRefusesOtherActivationsAndShapes() {
        Tensor pos = ids(0, 1);
        refused(UnsupportedDTypeException.class, () -> ops.rope(zeros(DType.F16, 2, 1, 4), pos, 1e4f), "F32",
                "F16", "cast");
        refused(ShapeMismatchException.class, () -> ops.rope(zeros(DType.F32, 2, 4), pos, 1e4f), "[n, heads, d]",
                "[2, 4]");
        refused(ShapeMismatchException.class, () -> ops.rope(zeros(DType.F32, 2, 1, 5), pos, 1e4f), "d even",
                "[2, 1, 5]");
    }

    @Test
    void ropeNeedsOnePositionPerRow() {
        Tensor x = zeros(DType.F32, 3, 2, 4);
        refused(ShapeMismatchException.class, () -> ops.rope(x, ids(0, 1), 1e4f), "positions must be I32 [3]",
                "[2]");
        refused(ShapeMismatchException.class, () -> ops.rope(x, zeros(DType.F32, 3), 1e4f), "I32 [3]", "F32");
        refused(IllegalArgumentException.class, () -> ops.rope(x, ids(0, -2, 1), 1e4f), "position 1",
                "negative");
    }

    @Test
    void ropeNeedsAPositiveFiniteTheta() {
        Tensor x = zeros(DType.F32, 1, 1, 2);
        Tensor pos = ids(0);
        for (float theta : new float[] {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            refused(IllegalArgumentException.class, () -> ops.rope(x, pos, theta), "theta must be positive");
        }
    }

    // ---- attention ----

    @Test
    void attentionRefusesOtherDtypes() {
        Tensor k = zeros(DType.F16, 4, 1, 8);
        refused(UnsupportedDTypeException.class, () -> ops.attention(zeros(DType.F16, 1, 2, 8), k, k, 0, 1f),
                "attention accepts F32", "F16");
        Tensor bf = zeros(DType.BF16, 4, 1, 8);
        refused(UnsupportedDTypeException.class, () -> ops.attention(zeros(DType.F32, 1, 2, 8), bf, bf, 0, 1f),
                "KV cache must be F32 or F16", "BF16");
    }

    @Test
    void attentionRefusesWrongRanksAndMismatchedCaches() {
        Tensor q = zeros(DType.F32, 1, 2, 8);
        Tensor k = zeros(DType.F32, 4, 1, 8);
        refused(ShapeMismatchException.class, () -> ops.attention(zeros(DType.F32, 2, 8), k, k, 0, 1f),
                "[n, heads, d]", "[2, 8]");
        refused(ShapeMismatchException.class, () -> ops.attention(q, zeros(DType.F32, 4, 8), k, 0, 1f),
                "[capacity, kvHeads, d]", "[4, 8]");
        refused(ShapeMismatchException.class, () -> ops.attention(q, k, zeros(DType.F16, 4, 1, 8), 0, 1f),
                "keys and values differ", "F16");
        refused(ShapeMismatchException.class, () -> ops.attention(q, k, zeros(DType.F32, 5, 1, 8), 0, 1f),
                "keys and values differ", "[5, 1, 8]");
    }

    @Test
    void attentionNeedsKvHeadsThatDivideTheQueryHeadsAndOneHeadWidth() {
        refused(ShapeMismatchException.class, () -> ops.attention(zeros(DType.F32, 1, 6, 8),
                zeros(DType.F32, 4, 4, 8), zeros(DType.F32, 4, 4, 8), 0, 1f), "6 query heads",
                "do not group over 4 KV heads");
        refused(ShapeMismatchException.class, () -> ops.attention(zeros(DType.F32, 1, 2, 8),
                zeros(DType.F32, 4, 1, 4), zeros(DType.F32, 4, 1, 4), 0, 1f), "width 8", "of width 4");
    }

    @Test
    void attentionRowsMustFitTheCache() {
        Tensor q = zeros(DType.F32, 2, 2, 8);
        Tensor k = zeros(DType.F16, 4, 1, 8);
        refused(IllegalArgumentException.class, () -> ops.attention(q, k, k, 3, 1f), "rows 3 .. 4",
                "cache of 4 positions");
        refused(IllegalArgumentException.class, () -> ops.attention(q, k, k, -1, 1f), "rows -1");
        refused(IllegalArgumentException.class, () -> ops.attention(q, k, k, 0, Float.NaN), "scale must be finite");
        try (Tensor out = ops.attention(q, k, k, 2, 0.5f)) {
            assertArrayEquals(new long[] {2, 2, 8}, out.shape(), "rows 2 .. 3 fill the cache exactly");
        }
        OpCall.Attention call = (OpCall.Attention) backend.calls.get(0);
        assertEquals(2, call.start());
        assertEquals(0.5f, call.scale());
    }

    // ---- linear ----

    @Test
    void linearRefusesOtherDtypesAndRanks() {
        Tensor x = zeros(DType.F32, 1, 3);
        refused(UnsupportedDTypeException.class, () -> ops.linear(zeros(DType.F16, 2, 3), null,
                zeros(DType.F16, 1, 3)), "linear accepts F32", "F16");
        refused(UnsupportedDTypeException.class, () -> ops.linear(zeros(DType.I32, 2, 3), null, x),
                "F32, F16, BF16 or I8", "I32");
        refused(UnsupportedDTypeException.class, () -> ops.linear(zeros(DType.F16, 2, 3, 1), null, x),
                "[out, in]", "[2, 3, 1]");
    }

    @Test
    void int8WeightsNeedTheirScalesAndOnlyThey() {
        Tensor x = zeros(DType.F32, 1, 3);
        refused(IllegalArgumentException.class, () -> ops.linear(zeros(DType.I8, 2, 3), null, x),
                "int8 weights need their row scales");
        refused(IllegalArgumentException.class, () -> ops.linear(zeros(DType.F16, 2, 3), zeros(DType.F32, 2), x),
                "other dtypes none");
        refused(ShapeMismatchException.class, () -> ops.linear(zeros(DType.I8, 2, 3), zeros(DType.F32, 3), x),
                "scales must be F32 [2]", "[3]");
        refused(ShapeMismatchException.class, () -> ops.linear(zeros(DType.I8, 2, 3), zeros(DType.F16, 2), x),
                "scales must be F32 [2]", "F16");
    }

    @Test
    void linearInputMustEndInTheInputFeatures() {
        Tensor w = zeros(DType.BF16, 2, 3);
        refused(ShapeMismatchException.class, () -> ops.linear(w, null, zeros(DType.F32, 1, 4)), "[1, 4]",
                "does not end in 3");
        refused(ShapeMismatchException.class, () -> ops.linear(w, null, keep(f.zeros(DType.F32))), "[]");
    }

    @Test
    void linearFlattensLeadingAxesForTheBackend() {
        Tensor w = zeros(DType.F16, 5, 3);
        try (Tensor y = ops.linear(w, null, zeros(DType.F32, 2, 4, 3))) {
            assertArrayEquals(new long[] {2, 4, 5}, y.shape());
        }
        OpCall.Linear call = (OpCall.Linear) backend.calls.get(0);
        assertArrayEquals(new long[] {8, 3}, call.input().shape());
        assertArrayEquals(new long[] {8, 5}, call.output().shape());
    }

    // ---- copy ----

    @Test
    void copyConvertsF32IntoAnF16CacheSliceRoundingToNearestEven() {
        Tensor cache = keep(f.full(DType.F16, -1f, 4, 1, 4));
        // 0.1 -> 0.0999755859375 (0x2E66); 1/3 -> 0.333251953125 (0x3555); 65520 is halfway between 65504 and
        // 2^16 and rounds to the even side, infinity; 2049 halfway between 2048 and 2050, to 2048; 3e-8 is just
        // above half the smallest subnormal, 2^-24; 1e-8 below it, 0.
        float[] values = {0.1f, 1f / 3, 65520f, 2049f, 3e-8f, 1e-8f, -2.5f, 65504f};
        try (Tensor source = f.of(values, 2, 1, 4); Tensor slot = cache.slice(Slice.range(1, 3))) {
            ops.copy(source, slot);
        }
        float[] expected = {-1, -1, -1, -1, 0.0999755859375f, 0.333251953125f, Float.POSITIVE_INFINITY, 2048f, 0x1p-24f,
            0f, -2.5f, 65504f, -1, -1, -1, -1};
        assertArrayEquals(expected, cache.toFloatArray(), 0f, "rows 1 and 2 written, rows 0 and 3 untouched");
        assertEquals(0, backend.calls.size(), "copy needs no kernel");
    }

    @Test
    void copyRefusesOverlappingViewsButNotDisjointOnes() {
        Tensor t = keep(f.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2));
        try (Tensor first = t.slice(Slice.range(0, 2)); Tensor middle = t.slice(Slice.range(1, 3));
                Tensor last = t.slice(Slice.range(2, 4))) {
            refused(IllegalArgumentException.class, () -> ops.copy(first, middle), "share memory");
            refused(IllegalArgumentException.class, () -> ops.copy(middle, middle), "share memory");
            ops.copy(first, last);
        }
        assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4}, t.toFloatArray(), 0f);
    }

    @Test
    void copyRefusesADifferentShape() {
        Tensor cache = zeros(DType.F16, 4, 1, 4);
        refused(ShapeMismatchException.class, () -> ops.copy(zeros(DType.F32, 1, 1, 3), cache), "[1, 1, 3]",
                "[4, 1, 4]");
    }
}
