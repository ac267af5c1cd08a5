package bitnet.model.ternary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

/** bitnet.cpp I2_S chunks and tail, with bytes and expected values written by hand. */
class I2sCodesTest {

    @Test
    void byteJHoldsValuesJ_Jplus32_Jplus64_Jplus96AtShifts6420() {
        try (Arena arena = Arena.ofConfined()) {
            int[] bytes = Bytes.filled(256 / 4 + 32, 0x55); // all codes 1 = 0
            bytes[0] = 0b10_00_01_10; // v0 (shift 6) +1, v32 (shift 4) -1, v64 (shift 2) 0, v96 (shift 0) +1
            bytes[5] = 0b00_10_01_01; // v5 -1, v37 +1, v69 0, v101 0
            bytes[32 + 31] = 0b01_01_01_00; // chunk 1: v(128+31) 0, v(128+63) 0, v(128+95) 0, v(128+127) -1
            // tail: 0.25f = 0x3E800000, little-endian, then 28 bytes of padding
            bytes[64] = 0x00;
            bytes[65] = 0x00;
            bytes[66] = 0x80;
            bytes[67] = 0x3E;
            MemorySegment src = Bytes.of(arena, bytes);
            MemorySegment dst = arena.allocate(64);
            assertTrue(I2sCodes.unpack(src, 256, dst));
            byte[] expected = new byte[256];
            expected[0] = 1;
            expected[32] = -1;
            expected[96] = 1;
            expected[5] = -1;
            expected[37] = 1;
            expected[255] = -1;
            assertArrayEquals(expected, Bytes.trits(dst, 256));
            assertEquals(0.25f, I2sCodes.scale(src, 256));
            assertEquals(256 / 4 + 32, I2sCodes.storedBytes(256));
        }
    }

    @Test
    void codeThreeIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            int[] bytes = Bytes.filled(128 / 4 + 32, 0x55);
            bytes[17] = 0b01_11_01_01;
            assertFalse(I2sCodes.unpack(Bytes.of(arena, bytes), 128, arena.allocate(32)));
        }
    }

    @Test
    void partialChunksAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class,
                    () -> I2sCodes.unpack(arena.allocate(64), 64, arena.allocate(16)));
        }
    }
}
