package bitnet.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.ShapeMismatchException;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.memory.impl.HybridMemoryPool;

/** {@link Tensor#view(DType)}, the meaning of {@code to(TERNARY)}, and tensors over lent memory. */
class DTypeViewTest {
    private final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    private final PooledTensorFactory factory = new PooledTensorFactory(pool);

    @AfterEach
    void noLeak() {
        assertEquals(0, pool.stats().bytesInUse(), "every view released its reference");
        pool.close();
    }

    @Test
    void sameWidthKeepsShapeStridesAndBits() {
        try (Tensor f = factory.of(new float[] {1f, -2f, 0.5f, 3f}, 2, 2); Tensor t = f.transpose(0, 1);
                Tensor i = t.view(DType.I32)) {
            assertArrayEquals(new long[] {2, 2}, i.shape());
            assertArrayEquals(t.strides(), i.strides());
            // 1.0f = 0x3f800000, -2.0f = 0xc0000000, 0.5f = 0x3f000000, 3.0f = 0x40400000; transposed order.
            assertEquals(0x3f800000, (int) i.getFloat(0, 0));
            assertEquals(0x3f000000, (int) i.getFloat(0, 1));
            assertEquals(0xc0000000, (int) i.getFloat(1, 0));
            assertEquals(0x40400000, (int) i.getFloat(1, 1));
        }
    }

    @Test
    void widerToNarrowerRescalesTheLastAxis() {
        // 1.0f little-endian bytes: 00 00 80 3f; 2.0f: 00 00 00 40.
        try (Tensor f = factory.of(new float[] {1f, 2f, 1f, 2f}, 2, 2); Tensor b = f.view(DType.I8)) {
            assertArrayEquals(new long[] {2, 8}, b.shape());
            assertArrayEquals(new long[] {8, 1}, b.strides());
            assertArrayEquals(new float[] {0, 0, -128, 63, 0, 0, 0, 64, 0, 0, -128, 63, 0, 0, 0, 64}, b.toFloatArray());
            b.setFloat(64, 0, 3); // 0x40 in the high byte of element (0, 0): 0x40800000 = 4.0f
            assertEquals(4f, f.getFloat(0, 0));
        }
    }

    @Test
    void bytesSeenAsTernaryCodes() {
        // 0b00_10_01_00 = 0x24: elements 0..3 = 0, +1, -1, 0 (element 0 in the low bits).
        try (Tensor b = factory.of(new byte[] {0x24, 0x01}, 2); Tensor t = b.view(DType.TERNARY)) {
            assertArrayEquals(new long[] {8}, t.shape());
            assertArrayEquals(new float[] {0, 1, -1, 0, 1, 0, 0, 0}, t.toFloatArray());
            try (Tensor back = t.view(DType.I8)) {
                assertArrayEquals(new float[] {0x24, 0x01}, back.toFloatArray());
            }
        }
    }

    @Test
    void narrowerToWiderNeedsWholeAlignedElements() {
        try (Tensor b = factory.zeros(DType.I8, 3, 8); Tensor row = b.slice(Slice.at(1)); Tensor f = row.view(DType.F32);
                Tensor off = b.slice(Slice.all(), Slice.range(1, 5))) {
            assertArrayEquals(new long[] {2}, f.shape());
            assertEquals(2, f.offset(), "row 1 starts at byte 8 = float 2");
            ShapeMismatchException misaligned = assertThrows(ShapeMismatchException.class, () -> off.view(DType.F32));
            assertTrue(misaligned.getMessage().contains("bit 8"), misaligned.getMessage());
        }
        try (Tensor odd = factory.zeros(DType.I8, 3)) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> odd.view(DType.F16));
            assertTrue(e.getMessage().contains("24 bits"), e.getMessage());
        }
    }

    @Test
    void layoutsThatCannotBeViewedAreRefusedWithTheReason() {
        try (Tensor f = factory.zeros(DType.F32, 2, 4); Tensor t = f.transpose(0, 1);
                Tensor s = factory.full(DType.F32, 1f); Tensor ter = factory.zeros(DType.TERNARY, 4, 8)) {
            assertTrue(assertThrows(ShapeMismatchException.class, () -> t.view(DType.I8)).getMessage()
                    .contains("stride 1"));
            assertTrue(assertThrows(ShapeMismatchException.class, () -> s.view(DType.F16)).getMessage()
                    .contains("scalar"));
            try (Tensor ok = t.view(DType.I32)) {
                assertArrayEquals(new long[] {4, 2}, ok.shape());
            }
            try (Tensor rows = ter.view(DType.I8)) {
                assertArrayEquals(new long[] {4, 2}, rows.shape());
            }
        }
    }

    @Test
    void toTernaryRoundsHalfToEvenAndSaturates() {
        float[] in = {0.3f, 0.7f, -5f, 0.5f, 1.5f, -0.5f, -0.51f, Float.NaN, Float.POSITIVE_INFINITY};
        try (Tensor x = factory.of(in, in.length); Tensor t = x.to(DType.TERNARY)) {
            assertArrayEquals(new float[] {0, 1, -1, 0, 1, 0, -1, 0, 1}, t.toFloatArray());
        }
        try (Tensor t = factory.zeros(DType.TERNARY, 2)) {
            t.setFloat(0.4f, 0);
            t.setFloat(-3f, 1);
            assertArrayEquals(new float[] {0, -1}, t.toFloatArray());
        }
    }

    @Test
    void wrappedMemoryIsReleasedOnceWhenTheLastViewCloses() {
        AtomicInteger released = new AtomicInteger();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(16);
            memory.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 3, 7f);
            Tensor t = factory.wrap(memory, DType.F32, new long[] {2, 2}, released::incrementAndGet);
            Tensor v = t.slice(Slice.at(1));
            t.close();
            assertEquals(0, released.get());
            assertEquals(7f, v.getFloat(1));
            v.close();
            v.close();
            assertEquals(1, released.get());
            assertThrows(ShapeMismatchException.class,
                    () -> factory.wrap(memory, DType.F32, new long[] {5}, released::incrementAndGet));
        }
    }
}
