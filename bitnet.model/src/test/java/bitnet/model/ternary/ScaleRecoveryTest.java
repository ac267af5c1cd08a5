package bitnet.model.ternary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

/** Recovering T and the scale from T × scale stored as F16, BF16, F32 and Q8_0; bytes written by hand. */
class ScaleRecoveryTest {

    @Test
    void f16TimesScaleGivesTheTritsAndOneScale() {
        try (Arena arena = Arena.ofConfined()) {
            // [[0.5, -0.5, 0, 0.5], [-0.5, 0, -0, 0.5]] in FP16: 0.5 = 0x3800, -0.5 = 0xB800, -0 = 0x8000
            MemorySegment src = Bytes.of(arena, new int[] {
                0x00, 0x38, 0x00, 0xB8, 0x00, 0x00, 0x00, 0x38,
                0x00, 0xB8, 0x00, 0x00, 0x00, 0x80, 0x00, 0x38});
            MemorySegment dst = arena.allocate(2);
            float[] perRow = ScaleRecovery.recover(RowSource.f16(src, 4), 2, 4, dst);
            assertArrayEquals(new float[] {0.5f, 0.5f}, perRow);
            assertArrayEquals(new float[] {0.5f}, BlockScales.collapse(perRow));
            assertArrayEquals(new byte[] {1, -1, 0, 1, -1, 0, 0, 1}, Bytes.trits(dst, 8));
        }
    }

    @Test
    void rowsWithDifferentMagnitudesGiveOneScalePerRow() {
        try (Arena arena = Arena.ofConfined()) {
            // BF16 rows [0.5, -0.5, 0] and [0, 0.25, -0.25]: 0.5 = 0x3F00, 0.25 = 0x3E80
            MemorySegment src = Bytes.of(arena, new int[] {
                0x00, 0x3F, 0x00, 0xBF, 0x00, 0x00,
                0x00, 0x00, 0x80, 0x3E, 0x80, 0xBE});
            MemorySegment dst = arena.allocate(2);
            float[] perRow = ScaleRecovery.recover(RowSource.bf16(src, 3), 2, 3, dst);
            assertArrayEquals(new float[] {0.5f, 0.25f}, BlockScales.collapse(perRow));
            assertArrayEquals(new byte[] {1, -1, 0, 0, 1, -1}, Bytes.trits(dst, 6));
        }
    }

    @Test
    void twoMagnitudesInOneRowAreNotTernary() {
        try (Arena arena = Arena.ofConfined()) {
            // F32 [0.5, 0.25]: 0x3F000000, 0x3E800000
            MemorySegment src = Bytes.of(arena, new int[] {0, 0, 0x00, 0x3F, 0, 0, 0x80, 0x3E});
            assertNull(ScaleRecovery.recover(RowSource.f32(src, 2), 1, 2, arena.allocate(1)));
        }
    }

    @Test
    void nanAndInfinityAreNotTernary() {
        try (Arena arena = Arena.ofConfined()) {
            // F32 [NaN, 0] and [inf, -inf]
            MemorySegment nan = Bytes.of(arena, new int[] {0, 0, 0xC0, 0x7F, 0, 0, 0, 0});
            assertNull(ScaleRecovery.recover(RowSource.f32(nan, 2), 1, 2, arena.allocate(1)));
            MemorySegment inf = Bytes.of(arena, new int[] {0, 0, 0x80, 0x7F, 0, 0, 0x80, 0xFF});
            assertNull(ScaleRecovery.recover(RowSource.f32(inf, 2), 1, 2, arena.allocate(1)));
        }
    }

    @Test
    void q8_0RoundTripOfTritsTimesScale() {
        try (Arena arena = Arena.ofConfined()) {
            // T × 0.49609375 quantized as ggml does: d = amax / 127 = 2^-8 (FP16 0x1C00), q = ±127 (0x81 / 0x7F).
            // Two blocks of 32; block 0: +1 at 0, -1 at 1; block 1: -1 at 31. Values read back: q * d = ±127/256.
            int[] bytes = new int[68];
            bytes[0] = 0x00;
            bytes[1] = 0x1C;
            bytes[2] = 0x7F;
            bytes[3] = 0x81;
            bytes[34] = 0x00;
            bytes[35] = 0x1C;
            bytes[36 + 31] = 0x81;
            MemorySegment dst = arena.allocate(16);
            float[] perRow = ScaleRecovery.recover(RowSource.q8_0(Bytes.of(arena, bytes), 64), 1, 64, dst);
            assertArrayEquals(new float[] {127f / 256f}, perRow);
            byte[] expected = new byte[64];
            expected[0] = 1;
            expected[1] = -1;
            expected[63] = -1;
            assertArrayEquals(expected, Bytes.trits(dst, 64));
        }
    }
}
