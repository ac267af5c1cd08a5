package bitnet.model.ternary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

/**
 * llama.cpp TQ1_0 blocks with bytes worked out by hand. A byte stores five base-3 digits (first most significant)
 * as {@code ceil(q * 256 / 243)}:
 * <ul>
 * <li>digits 1,1,1,1,1 (all zeros): q = 121, byte ceil(127.47) = 128;</li>
 * <li>digits 2,1,0,1,2 (+1, 0, -1, 0, +1): q = 194, byte ceil(204.38) = 205;</li>
 * <li>qh bytes hold four digits shifted up one place: 1,1,1,1: q = 40 * 3 = 120, byte ceil(126.4) = 127;
 * 0,2,1,1 (-1, +1, 0, 0): q = 22 * 3 = 66, byte ceil(69.53) = 70.</li>
 * </ul>
 */
class Tq1CodesTest {

    private static int[] block(int d) {
        int[] b = new int[54];
        java.util.Arrays.fill(b, 0, 48, 128);
        java.util.Arrays.fill(b, 48, 52, 127);
        b[52] = d & 0xff;
        b[53] = d >>> 8;
        return b;
    }

    @Test
    void digitsLandAt32nPlusM_160Plus16nPlusM_240Plus4nPlusJ() {
        try (Arena arena = Arena.ofConfined()) {
            int[] bytes = block(0x3C00); // d = 1.0
            bytes[3] = 205; // values 3, 35, 67, 99, 131
            bytes[32 + 2] = 205; // values 162, 178, 194, 210, 226
            bytes[48 + 1] = 70; // values 241, 245, 249, 253
            MemorySegment src = Bytes.of(arena, bytes);
            MemorySegment dst = arena.allocate(64);
            BlockScales found = Tq1Codes.unpack(src, 1, 256, dst);
            byte[] expected = new byte[256];
            expected[3] = 1;
            expected[67] = -1;
            expected[131] = 1;
            expected[162] = 1;
            expected[194] = -1;
            expected[226] = 1;
            expected[241] = -1;
            expected[245] = 1;
            assertArrayEquals(expected, Bytes.trits(dst, 256));
            assertTrue(found.codesValid());
            assertArrayEquals(new float[] {1f}, found.rowScales());

            float[] row = new float[256];
            Tq1Codes.dequantizeRow(src, 0, 256, new byte[256], row);
            float[] values = new float[256];
            for (int i = 0; i < 256; i++) {
                values[i] = expected[i];
            }
            assertArrayEquals(values, row);
        }
    }

    @Test
    void blocksOfOneRowWithDifferentScalesAreNotTernaryPerRow() {
        try (Arena arena = Arena.ofConfined()) {
            int[] first = block(0x3C00);
            first[0] = 205;
            int[] second = block(0x3800);
            second[1] = 205;
            int[] both = java.util.stream.IntStream.concat(java.util.Arrays.stream(first),
                    java.util.Arrays.stream(second)).toArray();
            assertNull(Tq1Codes.unpack(Bytes.of(arena, both), 1, 512, arena.allocate(128)).rowScales());
        }
    }
}
