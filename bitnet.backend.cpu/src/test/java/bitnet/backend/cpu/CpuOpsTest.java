package bitnet.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.UnsupportedDTypeException;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;

/** The operations end to end on the reference backend, against hand-computed results. */
class CpuOpsTest {
    private static final float EXACT = 0f;
    /** GELU and softmax go through exp and a 1.2e-7 erfc fit: a few float ulps. */
    private static final float TRANSCENDENTAL = 1e-6f;

    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory f = new PooledTensorFactory(pool);
    private final DispatchingTensorOps ops = new DispatchingTensorOps(
            new RankedDispatcher(() -> List.of(new Registration(new CpuBackend(), 40, 1))), f);

    @AfterEach
    void noLeaks() {
        assertEquals(0, pool.stats().liveBlocks(), "every tensor closed");
    }

    private Tensor t(float[] data, long... shape) {
        return f.of(data, shape);
    }

    @Test
    void elementwiseWithBroadcasting() {
        try (Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3); Tensor b = t(new float[] {10, 20, 30}, 3);
                Tensor c = t(new float[] {2, 4}, 2, 1); Tensor s = t(new float[] {0}, new long[0]);
                Tensor add = ops.add(a, b); Tensor sub = ops.sub(a, c); Tensor mul = ops.mul(c, b);
                Tensor div = ops.div(a, s)) {
            assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, add.toFloatArray(), EXACT);
            assertArrayEquals(new float[] {-1, 0, 1, 0, 1, 2}, sub.toFloatArray(), EXACT);
            assertArrayEquals(new long[] {2, 3}, mul.shape());
            assertArrayEquals(new float[] {20, 40, 60, 40, 80, 120}, mul.toFloatArray(), EXACT);
            float[] d = div.toFloatArray();
            assertEquals(Float.POSITIVE_INFINITY, d[0]);
        }
        try (Tensor a = t(new float[] {1, 2, 3}, 3); Tensor b = t(new float[] {1, 2}, 2)) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> ops.add(a, b));
            assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
        }
    }

    @Test
    void elementwiseOnTransposedAndEmptyViews() {
        try (Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3); Tensor at = a.transpose(0, 1);
                Tensor sum = ops.add(at, at); Tensor empty = f.zeros(DType.F32, 0, 3);
                Tensor row = a.slice(Slice.at(0)); Tensor e2 = ops.mul(empty, row)) {
            assertArrayEquals(new float[] {2, 8, 4, 10, 6, 12}, sum.toFloatArray(), EXACT);
            assertArrayEquals(new long[] {0, 3}, e2.shape());
        }
    }

    @Test
    void matmulFollowsNumpyPromotionAndBatchBroadcasting() {
        try (Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3); Tensor b = t(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
                Tensor c = ops.matmul(a, b)) {
            assertArrayEquals(new float[] {58, 64, 139, 154}, c.toFloatArray(), EXACT);
        }
        try (Tensor v = t(new float[] {1, 2, 3}, 3); Tensor m = t(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
                Tensor vm = ops.matmul(v, m); Tensor m2 = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
                Tensor mv = ops.matmul(m2, v); Tensor dot = ops.matmul(v, v)) {
            assertArrayEquals(new long[] {2}, vm.shape());
            assertArrayEquals(new float[] {4, 5}, vm.toFloatArray(), EXACT);
            assertArrayEquals(new float[] {14, 32}, mv.toFloatArray(), EXACT);
            assertEquals(0, dot.rank());
            assertEquals(14f, dot.getFloat());
        }
        // [2, 1, 2, 2] x [3, 2, 2] -> [2, 3, 2, 2]
        try (Tensor a = f.arange(DType.F32, 0, 8, 1); Tensor a4 = a.reshape(2, 1, 2, 2);
                Tensor b = f.arange(DType.F32, 0, 12, 1); Tensor b3 = b.reshape(3, 2, 2);
                Tensor c = ops.matmul(a4, b3)) {
            assertArrayEquals(new long[] {2, 3, 2, 2}, c.shape());
            // batch (1, 2): a[1,0] = [[4,5],[6,7]], b[2] = [[8,9],[10,11]]
            assertEquals(4 * 8 + 5 * 10, c.getFloat(1, 2, 0, 0));
            assertEquals(6 * 9 + 7 * 11, c.getFloat(1, 2, 1, 1));
        }
        try (Tensor a = t(new float[] {1, 2}, 1, 2); Tensor b = t(new float[] {1, 2, 3}, 3, 1)) {
            assertThrows(ShapeMismatchException.class, () -> ops.matmul(a, b));
        }
    }

    @Test
    void matmulWithZeroInnerDimensionIsZeros() {
        try (Tensor a = f.zeros(DType.F32, 2, 0); Tensor b = f.zeros(DType.F32, 0, 3); Tensor c = ops.matmul(a, b)) {
            assertArrayEquals(new float[6], c.toFloatArray(), EXACT);
        }
    }

    @Test
    void reductionsOverAnyAxisWithKeepDims() {
        try (Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3); Tensor s0 = ops.sum(a, 0, false);
                Tensor s1 = ops.sum(a, -1, true); Tensor m0 = ops.mean(a, 0, true)) {
            assertArrayEquals(new float[] {5, 7, 9}, s0.toFloatArray(), EXACT);
            assertArrayEquals(new long[] {2, 1}, s1.shape());
            assertArrayEquals(new float[] {6, 15}, s1.toFloatArray(), EXACT);
            assertArrayEquals(new long[] {1, 3}, m0.shape());
            assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, m0.toFloatArray(), EXACT);
        }
        try (Tensor e = f.zeros(DType.F32, 2, 0); Tensor s = ops.sum(e, 1, false); Tensor m = ops.mean(e, 1, false)) {
            assertArrayEquals(new float[] {0, 0}, s.toFloatArray(), EXACT);
            assertTrue(Float.isNaN(m.toFloatArray()[0]));
        }
        try (Tensor a = t(new float[] {1}, 1)) {
            assertThrows(IllegalArgumentException.class, () -> ops.sum(a, 1, false));
        }
    }

    @Test
    void activations() {
        try (Tensor x = t(new float[] {-2, -0f, 0.5f, 1, Float.NaN}, 5); Tensor r = ops.relu(x);
                Tensor g = ops.gelu(x)) {
            float[] rv = r.toFloatArray();
            assertArrayEquals(new float[] {0, 0, 0.5f, 1}, java.util.Arrays.copyOf(rv, 4), EXACT);
            assertTrue(Float.isNaN(rv[4]));
            float[] gv = g.toFloatArray();
            // scipy: x * norm.cdf(x)
            assertEquals(-0.04550026f, gv[0], TRANSCENDENTAL);
            assertEquals(0.34573123f, gv[2], TRANSCENDENTAL);
            assertEquals(0.84134475f, gv[3], TRANSCENDENTAL);
        }
    }

    @Test
    void softmaxIsStableAndNormalisedAlongTheAxis() {
        try (Tensor x = t(new float[] {1000, 1001, 1002, 0, 0, 0}, 2, 3); Tensor s = ops.softmax(x, 1);
                Tensor s0 = ops.softmax(x, 0)) {
            float[] v = s.toFloatArray();
            assertEquals(0.09003057f, v[0], TRANSCENDENTAL);
            assertEquals(0.24472847f, v[1], TRANSCENDENTAL);
            assertEquals(0.66524096f, v[2], TRANSCENDENTAL);
            assertEquals(1f / 3, v[4], TRANSCENDENTAL);
            float[] c = s0.toFloatArray();
            assertEquals(1f, c[0], TRANSCENDENTAL);
            assertEquals(0f, c[3], TRANSCENDENTAL);
        }
    }

    @Test
    void onlyF32IsAcceptedAndTheErrorNamesOpAndDtype() {
        try (Tensor x = f.zeros(DType.I32, 3)) {
            UnsupportedDTypeException e = assertThrows(UnsupportedDTypeException.class, () -> ops.relu(x));
            assertTrue(e.getMessage().contains("relu") && e.getMessage().contains("I32"), e.getMessage());
        }
    }
}
