package bitnet.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tiled and the general rearrangement against index arithmetic written out by hand. */
class FortranOrderTest {

    @ParameterizedTest(name = "{0} x{1}")
    @CsvSource({
        "1 1, 4", "2 3, 4", "70 130, 4", "64 64, 8", "65 1, 2", "1 129, 1", "130 70, 8",
        "3 5 7, 4", "65 3 67, 2", "1 200 1, 4", "2 3 4 5, 4", "3 1 2 1 4, 8", "0 5, 4", "7 0 3, 4",
    })
    void rearrangesEveryElement(String dims, int itemSize) {
        String[] parts = dims.split(" ");
        long[] shape = new long[parts.length];
        long size = 1;
        for (int i = 0; i < parts.length; i++) {
            shape[i] = Long.parseLong(parts[i]);
            size *= shape[i];
        }
        byte[] src = new byte[(int) size * itemSize];
        new SplittableRandom(size * 31 + itemSize).nextBytes(src);
        byte[] expected = new byte[src.length];
        long[] index = new long[shape.length];
        for (int c = 0; c < size; c++) {
            long rest = c;
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            long f = 0;
            long stride = 1;
            for (int d = 0; d < shape.length; d++) {
                f += index[d] * stride;
                stride *= shape[d];
            }
            System.arraycopy(src, (int) f * itemSize, expected, c * itemSize, itemSize);
        }
        byte[] dst = new byte[src.length];
        FortranOrder.toC(MemorySegment.ofArray(src), MemorySegment.ofArray(dst), shape, itemSize);
        assertArrayEquals(expected, dst);
    }
}
