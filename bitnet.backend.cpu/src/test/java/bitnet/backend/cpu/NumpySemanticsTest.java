package bitnet.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Tensor;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/** NumPy's rules on hand-computed cases: sign rules, NaN handling, ddof, several axes, shapes and names. */
class NumpySemanticsTest {
    private static final float EXACT = 0f;
    private static final float ULPS = 1e-6f;

    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory f = new PooledTensorFactory(pool);
    private final DispatchingTensorOps ops = new DispatchingTensorOps(
            new RankedDispatcher(() -> List.of(new Registration(new CpuBackend(), 40, 1))), f);

    @AfterEach
    void noLeaks() {
        assertEquals(0, pool.stats().liveBlocks(), "every tensor closed");
    }

    private Tensor t(float... data) {
        return f.of(data, data.length);
    }

    @Test
    void remainderTakesTheSignOfTheDivisor() {
        try (Tensor a = t(5, -5, 5, -5, 1, -1, 0, 3); Tensor b = t(3, 3, -3, -3, 0, Float.POSITIVE_INFINITY, -2, 1.5f);
                Tensor r = ops.binary(Op.REMAINDER, a, b)) {
            float[] v = r.toFloatArray();
            assertArrayEquals(new float[] {2, 1, -1, -2}, java.util.Arrays.copyOf(v, 4), EXACT);
            assertTrue(Float.isNaN(v[4]));
            assertEquals(Float.POSITIVE_INFINITY, v[5]);
            assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(v[6]));
            assertEquals(0f, v[7], EXACT);
        }
    }

    @Test
    void comparisonsWhereAndClamp() {
        try (Tensor a = t(1, Float.NaN, 3); Tensor b = t(1, Float.NaN, 2); Tensor eq = ops.binary(Op.EQ, a, b);
                Tensor ne = ops.binary(Op.NE, a, b); Tensor gt = ops.binary(Op.GT, a, 2f);
                Tensor w = ops.where(gt, a, b); Tensor c = ops.clamp(a, Float.NaN, 2f);
                Tensor max = ops.binary(Op.MAXIMUM, a, b)) {
            assertArrayEquals(new float[] {1, 0, 0}, eq.toFloatArray(), EXACT);
            assertArrayEquals(new float[] {0, 1, 1}, ne.toFloatArray(), EXACT);
            assertArrayEquals(new float[] {0, 0, 1}, gt.toFloatArray(), EXACT);
            float[] wv = w.toFloatArray();
            assertEquals(1f, wv[0]);
            assertTrue(Float.isNaN(wv[1]));
            assertEquals(3f, wv[2]);
            float[] cv = c.toFloatArray();
            assertEquals(2f, cv[2]);
            assertTrue(Float.isNaN(cv[1]));
            assertTrue(Float.isNaN(max.toFloatArray()[1]));
        }
    }

    @Test
    void reductionsOverSeveralAxesAndDdof() {
        try (Tensor x = f.arange(DType.F32, 0, 24, 1); Tensor x3 = x.reshape(2, 3, 4);
                Tensor s = ops.reduce(Op.SUM, x3, false, 0, 0, 2); Tensor all = ops.reduce(Op.SUM, x3, true, 0);
                Tensor v = ops.reduce(Op.VAR, x3, false, 1, 2); Tensor sd = ops.reduce(Op.STD, x3, false, 0, -1);
                Tensor am = ops.reduce(Op.ARGMAX, x3, false, 0); Tensor lse = ops.reduce(Op.LOGSUMEXP, x3, false, 0, 2)) {
            // sum over axes 0 and 2: for j, sum_i sum_k (12 i + 4 j + k) = 2*4*4j + 4*12 + 2*6 = 32 j + 60
            assertArrayEquals(new float[] {60, 92, 124}, s.toFloatArray(), EXACT);
            assertArrayEquals(new long[] {1, 1, 1}, all.shape());
            assertEquals(276f, all.getFloat(0, 0, 0), EXACT);
            assertEquals(5f / 3, v.getFloat(0, 0), ULPS); // var([0,1,2,3], ddof=1)
            assertEquals((float) Math.sqrt(1.25), sd.getFloat(1, 2), ULPS); // std([...], ddof=0)
            assertEquals(DType.I32, am.dtype());
            assertEquals(0, am.rank());
            assertEquals(23f, am.getFloat(), EXACT);
            assertEquals((float) (3 + Math.log(1 + Math.exp(-1) + Math.exp(-2) + Math.exp(-3)) + 12), lse.getFloat(1, 0),
                    1e-5f);
        }
        try (Tensor x = t(3, Float.NaN, 5, Float.NaN); Tensor am = ops.argmax(x, 0); Tensor mx = ops.reduce(Op.MAX, x,
                false, 0); Tensor empty = f.zeros(DType.F32, 0)) {
            assertEquals(1f, am.getFloat());
            assertTrue(Float.isNaN(mx.getFloat()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ops.reduce(Op.MAX, empty, false, 0));
            assertTrue(e.getMessage().contains("zero-size"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ops.reduce(Op.SUM, x, false, 0, 0, 0));
        }
    }

    @Test
    void logSoftmaxAndNorms() {
        try (Tensor x = f.of(new float[] {1, 2, 3, 4}, 2, 2); Tensor ls = ops.softmax(Op.LOG_SOFTMAX, x, -1);
                Tensor w = t(1, 2); Tensor b = t(0.5f, -0.5f); Tensor rms = ops.rmsNorm(x, w, 0f);
                Tensor ln = ops.layerNorm(x, w, b, 0f)) {
            // log_softmax([a, a + 1]) = [-1 - l, -l] with l = log(1 + e^-1)
            float l = (float) Math.log(1 + Math.exp(-1));
            assertArrayEquals(new float[] {-1 - l, -l, -1 - l, -l}, ls.toFloatArray(), ULPS);
            float r0 = (float) Math.sqrt((1 + 4) / 2.0);
            assertEquals(1 / r0, rms.getFloat(0, 0), ULPS);
            assertEquals(2 * 2 / r0, rms.getFloat(0, 1), ULPS);
            assertArrayEquals(new float[] {-0.5f, 1.5f, -0.5f, 1.5f}, ln.toFloatArray(), ULPS);
            try (Tensor badWeight = b.reshape(1, 2)) {
                assertThrows(ShapeMismatchException.class, () -> ops.rmsNorm(x, badWeight, 0f));
            }
        }
    }

    @Test
    void shapeOperations() {
        try (Tensor x = f.arange(DType.F32, 0, 6, 1); Tensor m = x.reshape(2, 3); Tensor u = ops.unsqueeze(m, -1);
                Tensor sq = ops.squeeze(u); Tensor tr = ops.transpose(m); Tensor c = ops.concat(List.of(m, m), 1);
                Tensor st = ops.stack(List.of(x, x), 1); Tensor idx = f.of(new int[] {2, -1, 0}, 3);
                Tensor sel = ops.indexSelect(m, idx, 1)) {
            assertArrayEquals(new long[] {2, 3, 1}, u.shape());
            assertArrayEquals(new long[] {2, 3}, sq.shape());
            assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, tr.toFloatArray(), EXACT);
            assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, c.toFloatArray(), EXACT);
            assertArrayEquals(new long[] {6, 2}, st.shape());
            assertEquals(4f, st.getFloat(4, 1), EXACT);
            assertArrayEquals(new float[] {2, 2, 0, 5, 5, 3}, sel.toFloatArray(), EXACT);
            List<Tensor> parts = ops.splitAt(x, new long[] {1, 4}, 0);
            assertEquals(3, parts.size());
            assertArrayEquals(new float[] {1, 2, 3}, parts.get(1).toFloatArray(), EXACT);
            parts.forEach(Tensor::close);
            List<Tensor> thirds = ops.split(x, 3, 0);
            assertArrayEquals(new float[] {4, 5}, thirds.get(2).toFloatArray(), EXACT);
            thirds.forEach(Tensor::close);
            assertThrows(IllegalArgumentException.class, () -> ops.split(x, 4, 0));
            assertThrows(IllegalArgumentException.class, () -> ops.squeeze(m, 0));
            try (Tensor bad = f.of(new int[] {3}, 1)) {
                assertThrows(IndexOutOfBoundsException.class, () -> ops.indexSelect(m, bad, 1));
            }
            assertThrows(ShapeMismatchException.class, () -> ops.concat(List.of(m, x), 0));
        }
    }

    @Test
    void inPlaceFormsUpdateTheTensorItself() {
        try (Tensor a = f.of(new float[] {1, 2, 3, 4}, 2, 2); Tensor row = t(10, 20)) {
            assertSame(a, ops.binaryInPlace(Op.ADD, a, row));
            assertArrayEquals(new float[] {11, 22, 13, 24}, a.toFloatArray(), EXACT);
            ops.unaryInPlace(Op.NEG, a);
            assertArrayEquals(new float[] {-11, -22, -13, -24}, a.toFloatArray(), EXACT);
            try (Tensor big = f.zeros(DType.F32, 3, 2, 2)) {
                assertThrows(ShapeMismatchException.class, () -> ops.binaryInPlace(Op.ADD, a, big));
            }
        }
    }

    @Test
    void namedInvocationMatchesTheMethodsAndRejectsTypos() {
        try (Tensor x = f.arange(DType.F32, 0, 6, 1); Tensor m = x.reshape(2, 3)) {
            List<Tensor> r = ops.invoke("sum", List.of(m), Map.of("axis", "0,1", "keepdims", "true"));
            assertArrayEquals(new long[] {1, 1}, r.get(0).shape());
            assertEquals(15f, r.get(0).getFloat(0, 0), EXACT);
            r.forEach(Tensor::close);
            List<Tensor> g = ops.invoke("gelu", List.of(x), Map.of("approximate", "tanh"));
            assertEquals(0.841192f, g.get(0).getFloat(1), 1e-5f);
            g.forEach(Tensor::close);
            List<Tensor> h = ops.invoke("cast", List.of(x), Map.of("dtype", "float16"));
            assertEquals(DType.F16, h.get(0).dtype());
            h.forEach(Tensor::close);
            IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                    () -> ops.invoke("sum", List.of(m), Map.of("axes", "0")));
            assertTrue(typo.getMessage().contains("[axis, ddof, keepdims]"), typo.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ops.invoke("add", List.of(m), Map.of()));
            assertThrows(IllegalArgumentException.class, () -> ops.invoke("nope", List.of(m), Map.of()));
            assertThrows(IllegalArgumentException.class, () -> ops.invoke("sum", List.of(m), Map.of("axis", "x")));
            assertTrue(ops.operationNames().containsAll(List.of("matmul", "log_softmax", "index_select", "where")));
        }
    }
}
