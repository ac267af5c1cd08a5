package bitnet.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorClosedException;
import bitnet.memory.impl.HybridMemoryPool;

class DenseTensorTest {
    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory factory = new PooledTensorFactory(pool);

    private Tensor iota(long... shape) {
        try (Tensor flat = factory.arange(DType.F32, 0, Shapes.size(shape), 1)) {
            return flat.reshape(shape);
        }
    }

    @Test
    void creationFillsAsAsked() {
        try (Tensor z = factory.zeros(DType.F32, 2, 3); Tensor o = factory.ones(DType.I32, 4);
                Tensor f = factory.full(DType.BF16, 1.5f, 2); Tensor a = factory.arange(DType.F32, 1, 2, 0.25)) {
            assertArrayEquals(new float[6], z.toFloatArray());
            assertArrayEquals(new float[] {1, 1, 1, 1}, o.toFloatArray());
            assertArrayEquals(new float[] {1.5f, 1.5f}, f.toFloatArray());
            assertArrayEquals(new float[] {1, 1.25f, 1.5f, 1.75f}, a.toFloatArray());
        }
    }

    @Test
    void seededRandomIsReproducible() {
        try (Tensor a = factory.randn(DType.F32, 42, 100); Tensor b = factory.randn(DType.F32, 42, 100);
                Tensor c = factory.rand(DType.F32, 7, 1000)) {
            assertArrayEquals(a.toFloatArray(), b.toFloatArray());
            for (float v : c.toFloatArray()) {
                assertTrue(v >= 0 && v < 1);
            }
        }
        assertThrows(bitnet.api.tensor.UnsupportedDTypeException.class, () -> factory.rand(DType.I8, 1, 3));
    }

    @Test
    void permuteTransposeAndSliceAreZeroCopyViews() {
        try (Tensor x = iota(2, 3, 4); Tensor t = x.transpose(0, 2); Tensor p = x.permute(1, 2, 0)) {
            assertArrayEquals(new long[] {4, 3, 2}, t.shape());
            assertEquals(x.getFloat(1, 2, 3), t.getFloat(3, 2, 1));
            assertEquals(x.getFloat(1, 2, 3), p.getFloat(2, 3, 1));
            assertFalse(t.isContiguous());
            assertEquals(x.segment().address(), t.segment().address());
        }
    }

    @Test
    void slicesFollowNumpyRules() {
        try (Tensor x = iota(10)) {
            assertSlice(x, new float[] {2, 3, 4}, Slice.range(2, 5));
            assertSlice(x, new float[] {7, 8, 9}, Slice.range(-3L, null, 1));
            assertSlice(x, new float[] {9, 7, 5, 3, 1}, Slice.range(null, null, -2));
            assertSlice(x, new float[] {8, 7, 6}, Slice.range(8L, 5L, -1));
            assertSlice(x, new float[] {}, Slice.range(5, 2));
            assertSlice(x, new float[] {0, 3, 6, 9}, Slice.range(-100L, 100L, 3));
            try (Tensor s = x.slice(Slice.at(-1))) {
                assertEquals(0, s.rank());
                assertEquals(9f, s.getFloat());
            }
            assertThrows(IndexOutOfBoundsException.class, () -> x.slice(Slice.at(10)));
            assertThrows(IllegalArgumentException.class, () -> Slice.range(0L, 1L, 0));
        }
        try (Tensor m = iota(3, 4); Tensor col = m.slice(Slice.all(), Slice.at(1));
                Tensor block = m.slice(Slice.range(1, 3), Slice.range(null, null, 2))) {
            assertArrayEquals(new float[] {1, 5, 9}, col.toFloatArray());
            assertArrayEquals(new float[] {4, 6, 8, 10}, block.toFloatArray());
        }
    }

    private static void assertSlice(Tensor x, float[] expected, Slice s) {
        try (Tensor v = x.slice(s)) {
            assertArrayEquals(expected, v.toFloatArray());
        }
    }

    @Test
    void broadcastToUsesZeroStrides() {
        try (Tensor row = iota(3); Tensor b = row.broadcastTo(2, 3)) {
            assertArrayEquals(new long[] {0, 1}, b.strides());
            assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2}, b.toFloatArray());
            assertThrows(ShapeMismatchException.class, () -> row.broadcastTo(2, 4));
            assertThrows(ShapeMismatchException.class, () -> row.broadcastTo());
        }
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        try (Tensor x = iota(2, 3); Tensor same = x.contiguous(); Tensor t = x.transpose(0, 1);
                Tensor copy = t.contiguous()) {
            assertEquals(x.segment().address(), same.segment().address());
            assertTrue(copy.isContiguous());
            assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, copy.toFloatArray());
            assertThrows(ShapeMismatchException.class, () -> t.reshape(6));
        }
    }

    @Test
    void reshapeInfersOneAxisAndChecksSizes() {
        try (Tensor x = iota(2, 6); Tensor r = x.reshape(3, -1)) {
            assertArrayEquals(new long[] {3, 4}, r.shape());
            assertThrows(ShapeMismatchException.class, () -> x.reshape(5, -1));
            assertThrows(ShapeMismatchException.class, () -> x.reshape(-1, -1));
            assertThrows(ShapeMismatchException.class, () -> x.reshape(13));
        }
    }

    @Test
    void memoryReturnsToThePoolWhenTheLastViewCloses() {
        Tensor x = factory.zeros(DType.F32, 16);
        Tensor v = x.reshape(4, 4);
        x.close();
        x.close();
        assertThrows(TensorClosedException.class, x::segment);
        assertEquals(1, pool.stats().liveBlocks());
        v.setFloat(3f, 1, 1);
        assertEquals(3f, v.getFloat(1, 1));
        v.close();
        assertEquals(0, pool.stats().liveBlocks());
    }

    @Test
    void conversionsRoundToNearestEvenAndKeepSpecials() {
        float[] values = {1f, 1.00390625f, 1.01171875f, Float.NaN, Float.POSITIVE_INFINITY, -0f, 65520f, 3.5f, -2.5f,
            300f, -1e10f};
        try (Tensor x = factory.of(values, values.length); Tensor bf = x.to(DType.BF16); Tensor h = x.to(DType.F16);
                Tensor i8 = x.to(DType.I8); Tensor i32 = x.to(DType.I32); Tensor tern = x.to(DType.TERNARY)) {
            float[] b = bf.toFloatArray();
            assertEquals(1f, b[1]); // halfway between 1 and 1+2^-7: ties to even (1.0)
            assertEquals(1.015625f, b[2]); // halfway, odd below: rounds up
            assertTrue(Float.isNaN(b[3]));
            assertEquals(Float.POSITIVE_INFINITY, b[4]);
            assertEquals(Float.POSITIVE_INFINITY, h.toFloatArray()[6]); // past F16's max: overflows to infinity
            float[] q = i8.toFloatArray();
            assertEquals(0f, q[3]); // NaN -> 0
            assertEquals(127f, q[4]); // saturates
            assertEquals(4f, q[7]); // 3.5 -> 4 (even)
            assertEquals(-2f, q[8]); // -2.5 -> -2 (even)
            assertEquals(127f, q[9]);
            assertEquals(Integer.MIN_VALUE, i32.toFloatArray()[10]);
            float[] t = tern.toFloatArray();
            assertArrayEquals(new float[] {1, 1, 1, 0, 1, 0, 1, 1, -1, 1, -1}, t);
        }
    }

    @Test
    void int4PacksTwoPerByteRoundsHalfEvenAndSaturates() {
        float[] values = {0f, 1f, -1f, 7f, -8f, 8f, -9f, 2.5f, -3.5f, Float.NaN, 100f};
        try (Tensor x = factory.of(values, values.length); Tensor i4 = x.to(DType.I4)) {
            assertEquals(6, i4.dtype().byteSize(values.length));
            assertArrayEquals(new float[] {0, 1, -1, 7, -8, 7, -8, 2, -4, 0, 7}, i4.toFloatArray());
            // Element 0 in the low nibble: 0 | 1 << 4 = 0x10, then -1 (0xf) | 7 << 4 = 0x7f.
            assertEquals(0x10, i4.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            assertEquals(0x7f, i4.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1));
            try (Tensor back = i4.to(DType.F32); Tensor view = i4.slice(Slice.range(3, 6))) {
                assertEquals(-8f, back.toFloatArray()[4]);
                assertArrayEquals(new float[] {7, -8, 7}, view.toFloatArray());
            }
        }
    }

    @Test
    void badIndicesAreRejected() {
        try (Tensor x = iota(2, 2)) {
            assertThrows(IndexOutOfBoundsException.class, () -> x.getFloat(2, 0));
            assertThrows(IllegalArgumentException.class, () -> x.getFloat(0));
            assertThrows(IllegalArgumentException.class, () -> x.permute(0, 0));
            assertEquals(3f, x.getFloat(-1, -1));
        }
    }
}
