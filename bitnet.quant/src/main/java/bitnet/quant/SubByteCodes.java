package bitnet.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The platform's two element layouts below one byte, read and written one element at a time at an element index:
 * <ul>
 * <li>TERNARY: 2-bit codes {@code 0b00 = 0, 0b01 = +1, 0b10 = -1} ({@code 0b11} reads as 0), four per byte,
 * element 0 in the low bits;</li>
 * <li>I4: two's complement nibbles in [-8, 7], two per byte, element 0 in the low nibble.</li>
 * </ul>
 * Writes change only the element's own bits, so neighbouring elements (another view's) are kept.
 */
public final class SubByteCodes {
    private SubByteCodes() {
    }

    /**
     * @param segment memory
     * @param index element index
     * @return -1, 0 or +1
     */
    public static int trit(MemorySegment segment, long index) {
        int code = (segment.get(ValueLayout.JAVA_BYTE, index >>> 2) >>> ((index & 3) * 2)) & 3;
        return code == 1 ? 1 : code == 2 ? -1 : 0;
    }

    /**
     * The TERNARY code of RoundClip(v, -1, 1) with ties to even: +1 (code 1) iff v > 0.5, -1 (code 2) iff
     * v < -0.5, else 0; NaN gives 0. Taken from the sign bits of {@code 0.5 - v} and {@code v + 0.5} rather than
     * from comparisons, because weights are random around 0 and compare-and-branch mispredicts on them.
     *
     * @param v a value
     * @return its 2-bit code
     */
    public static int tritCode(double v) {
        double x = v != v ? 0 : v;
        int up = (int) (Double.doubleToRawLongBits(0.5 - x) >>> 63);
        int down = (int) (Double.doubleToRawLongBits(x + 0.5) >>> 63);
        return up | down << 1;
    }

    /**
     * @param segment memory
     * @param index element index
     * @param value -1, 0 or +1; any other value is stored by its sign
     */
    public static void setTrit(MemorySegment segment, long index, int value) {
        setTritCode(segment, index, value > 0 ? 1 : value < 0 ? 2 : 0);
    }

    /**
     * @param segment memory
     * @param index element index
     * @param code a 2-bit code ({@code 0b01 = +1, 0b10 = -1, 0b00 = 0})
     */
    public static void setTritCode(MemorySegment segment, long index, int code) {
        long at = index >>> 2;
        int shift = (int) (index & 3) * 2;
        byte old = segment.get(ValueLayout.JAVA_BYTE, at);
        segment.set(ValueLayout.JAVA_BYTE, at, (byte) ((old & ~(3 << shift)) | (code << shift)));
    }

    /**
     * @param segment memory
     * @param index element index
     * @return the value, -8 .. 7
     */
    public static int int4(MemorySegment segment, long index) {
        int b = segment.get(ValueLayout.JAVA_BYTE, index >>> 1);
        return (index & 1) == 0 ? (b << 28) >> 28 : (b << 24) >> 28;
    }

    /**
     * @param segment memory
     * @param index element index
     * @param value -8 .. 7 (only the low four bits are stored)
     */
    public static void setInt4(MemorySegment segment, long index, int value) {
        long at = index >>> 1;
        int shift = (int) (index & 1) * 4;
        byte old = segment.get(ValueLayout.JAVA_BYTE, at);
        segment.set(ValueLayout.JAVA_BYTE, at, (byte) ((old & ~(0xf << shift)) | ((value & 0xf) << shift)));
    }
}
