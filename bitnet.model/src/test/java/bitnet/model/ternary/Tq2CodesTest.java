package bitnet.model.ternary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

/** llama.cpp TQ2_0 blocks with bytes and expected values written by hand. */
class Tq2CodesTest {

    /** One block: qs all 0x55 (zeros) but the given bytes, then d as FP16 bits. */
    private static int[] block(int d, int... indexValue) {
        int[] b = Bytes.filled(66, 0x55);
        for (int i = 0; i < indexValue.length; i += 2) {
            b[indexValue[i]] = indexValue[i + 1];
        }
        b[64] = d & 0xff;
        b[65] = d >>> 8;
        return b;
    }

    private static int[] concat(int[]... blocks) {
        return java.util.Arrays.stream(blocks).flatMapToInt(java.util.Arrays::stream).toArray();
    }

    @Test
    void valueOfHalfHFieldLByteMIs128hPlus32lPlusM() {
        try (Arena arena = Arena.ofConfined()) {
            // qs[0] = 0b00_01_10_10: v0 +1, v32 +1, v64 0, v96 -1; qs[33] (half 1, m 1) = 0b10_01_01_00:
            // v129 -1, v161 0, v193 0, v225 +1. d = 0.5 = FP16 0x3800.
            MemorySegment src = Bytes.of(arena, block(0x3800, 0, 0b00_01_10_10, 33, 0b10_01_01_00));
            MemorySegment dst = arena.allocate(64);
            BlockScales found = Tq2Codes.unpack(src, 1, 256, dst);
            byte[] expected = new byte[256];
            expected[0] = 1;
            expected[32] = 1;
            expected[96] = -1;
            expected[129] = -1;
            expected[225] = 1;
            assertArrayEquals(expected, Bytes.trits(dst, 256));
            assertTrue(found.codesValid());
            assertArrayEquals(new float[] {0.5f}, found.rowScales());
        }
    }

    @Test
    void rowsWithTheirOwnScaleGivePerRowScalesAndAllZeroRowsNone() {
        try (Arena arena = Arena.ofConfined()) {
            // rows of 256: d 0.5, 0.25 (0x3400), then a row of zeros whose d (2.0 = 0x4000) does not count.
            MemorySegment src = Bytes.of(arena, concat(block(0x3800, 1, 0b01_01_01_10),
                    block(0x3400, 2, 0b01_01_01_00), block(0x4000)));
            BlockScales found = Tq2Codes.unpack(src, 3, 256, arena.allocate(3 * 64));
            assertArrayEquals(new float[] {0.5f, 0.25f, 0f}, found.rowScales());
            assertArrayEquals(new float[] {0.5f, 0.25f, 0f}, BlockScales.collapse(found.rowScales()));
            assertArrayEquals(new float[] {0.5f}, BlockScales.collapse(new float[] {0.5f, 0f, 0.5f}));
        }
    }

    @Test
    void blocksOfOneRowWithDifferentScalesAreNotTernaryPerRow() {
        try (Arena arena = Arena.ofConfined()) {
            // one row of 512 values: two blocks with d 0.5 and 0.25
            MemorySegment src = Bytes.of(arena, concat(block(0x3800, 1, 0b01_01_01_10),
                    block(0x3400, 2, 0b01_01_01_00)));
            assertNull(Tq2Codes.unpack(src, 1, 512, arena.allocate(128)).rowScales());
        }
    }

    @Test
    void codeThreeIsFlagged() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = Bytes.of(arena, block(0x3800, 7, 0b01_01_11_01));
            assertFalse(Tq2Codes.unpack(src, 1, 256, arena.allocate(64)).codesValid());
        }
    }

    @Test
    void dequantizesCodeMinusOneTimesD() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = Bytes.of(arena, block(0x3800, 0, 0b00_01_10_10));
            float[] row = new float[256];
            Tq2Codes.dequantizeRow(src, 0, 256, row);
            float[] expected = new float[256];
            expected[0] = 0.5f;
            expected[32] = 0.5f;
            expected[96] = -0.5f;
            assertArrayEquals(expected, row);
        }
    }
}
