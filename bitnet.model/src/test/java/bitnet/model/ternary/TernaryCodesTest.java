package bitnet.model.ternary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

class TernaryCodesTest {

    @Test
    void translatesFourOffsetCodesPerByte() {
        // offset codes (element 0 first): 0 (-1), 1 (0), 2 (+1), 1 (0) = 0b01_10_01_00
        // platform codes: -1 = 0b10, 0 = 0b00, +1 = 0b01, 0 = 0b00 -> 0b00_01_00_10
        assertEquals((byte) 0b00_01_00_10, TernaryCodes.platformByte(0b01_10_01_00));
        assertEquals((byte) 0b10_10_10_10, TernaryCodes.platformByte(0b00_00_00_00));
        assertEquals((byte) 0, TernaryCodes.platformByte(0b01_01_01_01));
        assertEquals((byte) 0b01_01_01_01, TernaryCodes.platformByte(0b10_10_10_10));
    }

    @Test
    void flagsTheInvalidCodeThree() {
        assertEquals(0, TernaryCodes.invalid(0b10_10_01_00));
        assertNotEquals(0, TernaryCodes.invalid(0b00_00_00_11));
        assertNotEquals(0, TernaryCodes.invalid(0b11_00_00_00));
    }

    @Test
    void gathersOneFieldOfFourBytes() {
        // bytes 0x1B (0b00_01_10_11), 0xE4 (0b11_10_01_00), 0x00, 0xFF; field at shift 2: 0b10, 0b01, 0b00, 0b11
        int word = 0x1B | 0xE4 << 8 | 0x00 << 16 | 0xFF << 24;
        assertEquals(0b11_00_01_10, TernaryCodes.gather(word, 2));
        // shift 6: 0b00, 0b11, 0b00, 0b11
        assertEquals(0b11_00_11_00, TernaryCodes.gather(word, 6));
    }

    @Test
    void writesAlignedRowsWholeAndUnalignedRowsCodeByCode() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(3);
            byte[] scratch = new byte[2];
            // row of 4 at element 0: +1, -1, 0, +1 -> 0b01_00_10_01
            TernaryCodes.writeRow(new byte[] {1, 2, 0, 1}, 4, scratch, dst, 0);
            // row of 3 at element 5 (byte 1, bits 3:2 onwards): -1, -1, +1 -> byte 1 = 0b01_10_10_00
            TernaryCodes.writeRow(new byte[] {2, 2, 1}, 3, scratch, dst, 5);
            // row of 3 at element 8: +1, 0, -1 -> byte 2 = 0b00_10_00_01
            TernaryCodes.writeRow(new byte[] {1, 0, 2}, 3, scratch, dst, 8);
            assertArrayEquals(new byte[] {0b01_00_10_01, 0b01_10_10_00, 0b00_10_00_01},
                    dst.toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
