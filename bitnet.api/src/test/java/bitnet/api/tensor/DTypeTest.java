package bitnet.api.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Byte sizes: rounded up to whole bytes, and refused with the documented exception past what a long holds. */
class DTypeTest {

    @Test
    void sizesRoundUpToWholeBytes() {
        assertEquals(0, DType.TERNARY.byteSize(0));
        assertEquals(1, DType.TERNARY.byteSize(1));
        assertEquals(1, DType.TERNARY.byteSize(4));
        assertEquals(2, DType.TERNARY.byteSize(5));
        assertEquals(2, DType.I4.byteSize(3));
        assertEquals(12, DType.F32.byteSize(3));
        assertEquals(24, DType.F64.byteSize(3));
    }

    @Test
    void theLargestCountsThatFitGiveTheirSizeWithoutOverflow() {
        // 2^58 - 1 F32 elements are 2^63 - 32 bits; 2^62 - 1 ternary ones 2^63 - 2 bits, rounded up to a byte.
        assertEquals((Long.MAX_VALUE / 32) * 4, DType.F32.byteSize(Long.MAX_VALUE / 32));
        assertEquals(Long.MAX_VALUE / 8 + 1, DType.TERNARY.byteSize(Long.MAX_VALUE / 2));
    }

    @Test
    void countsWhoseBitsOverflowALongAreAnIllegalArgumentNamingTheCount() {
        for (DType t : DType.values()) {
            long tooMany = Long.MAX_VALUE / t.bitsPerElement() + 1;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.byteSize(tooMany),
                    t.name());
            assertTrue(e.getMessage().contains(Long.toString(tooMany)) && e.getMessage().contains(t.name()),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> DType.I8.byteSize(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> DType.I8.byteSize(-1));
    }
}
