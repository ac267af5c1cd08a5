package bitnet.model.ternary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

import bitnet.model.fixtures.Encoders;
import bitnet.quant.SubByteCodes;

/** Hugging Face row-block unpacking, with packed bytes and expected matrices written by hand. */
class RowBlockCodesTest {

    private static byte[] unpacked(MemorySegment dst, int n) {
        byte[] t = new byte[n];
        for (int i = 0; i < n; i++) {
            t[i] = (byte) SubByteCodes.trit(dst, i);
        }
        return t;
    }

    @Test
    void oneByteRowHoldsFourRowBlocks() {
        try (Arena arena = Arena.ofConfined()) {
            // R = 1, 4 columns: byte j holds rows 0..3 of column j in bits 1:0, 3:2, 5:4, 7:6 as t + 1.
            MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_BYTE,
                    (byte) 0b10_01_00_10, // col 0: rows +1, -1, 0, +1
                    (byte) 0b01_01_01_01, // col 1: all 0
                    (byte) 0b00_10_10_00, // col 2: -1, +1, +1, -1
                    (byte) 0b00_00_00_00); // col 3: all -1
            MemorySegment dst = arena.allocate(4);
            assertTrue(RowBlockCodes.unpack(src, 1, 4, dst));
            assertArrayEquals(new byte[] {
                1, 0, -1, -1,
                -1, 0, 1, -1,
                0, 0, 1, -1,
                1, 0, -1, -1}, unpacked(dst, 16));
        }
    }

    @Test
    void rowsAreBlocksOfROutputRowsNotInterleaved() {
        try (Arena arena = Arena.ofConfined()) {
            // R = 2, 3 columns (not a multiple of 4: the element-wise path); output rows 0..7 = r, R+r, 2R+r, 3R+r.
            MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_BYTE,
                    (byte) 0b01_01_01_10, (byte) 0b01_01_01_01, (byte) 0b01_01_01_01, // packed row 0
                    (byte) 0b01_01_01_01, (byte) 0b00_01_01_01, (byte) 0b01_01_10_01); // packed row 1
            MemorySegment dst = arena.allocate(6);
            assertTrue(RowBlockCodes.unpack(src, 2, 3, dst));
            assertArrayEquals(new byte[] {
                1, 0, 0, // row 0 = block 0 of packed row 0: (0, 0) code 2
                0, 0, 0, // row 1 = block 0 of packed row 1
                0, 0, 0, // row 2 = block 1 of packed row 0
                0, 0, 1, // row 3 = block 1 of packed row 1: (1, 2) bits 3:2 = 2
                0, 0, 0, // row 4
                0, 0, 0, // row 5
                0, 0, 0, // row 6
                0, -1, 0}, // row 7 = block 3 of packed row 1: (1, 1) bits 7:6 = 0
                    unpacked(dst, 24));
        }
    }

    @Test
    void everyRowWidthMatchesTheEncoder() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        // 64: whole 32-byte words; 36: words and a 4-byte tail; 30: the element-wise path.
        for (int cols : new int[] {64, 36, 30}) {
            byte[] trits = new byte[8 * cols];
            for (int i = 0; i < trits.length; i++) {
                trits[i] = (byte) (random.nextInt(3) - 1);
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_BYTE, Encoders.hfPacked(trits, 8, cols));
                MemorySegment dst = arena.allocate(2L * cols);
                assertTrue(RowBlockCodes.unpack(src, 2, cols, dst));
                assertArrayEquals(trits, unpacked(dst, 8 * cols), "cols " + cols);
            }
        }
    }

    @Test
    void codeThreeIsRejectedOnBothPaths() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment aligned = arena.allocateFrom(ValueLayout.JAVA_BYTE,
                    (byte) 0x55, (byte) 0x55, (byte) 0b01_11_01_01, (byte) 0x55);
            assertFalse(RowBlockCodes.unpack(aligned, 1, 4, arena.allocate(4)));
            MemorySegment odd = arena.allocateFrom(ValueLayout.JAVA_BYTE,
                    (byte) 0x55, (byte) 0b11_01_01_01, (byte) 0x55);
            assertFalse(RowBlockCodes.unpack(odd, 1, 3, arena.allocate(3)));
        }
    }
}
