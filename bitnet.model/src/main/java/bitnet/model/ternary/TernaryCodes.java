package bitnet.model.ternary;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The platform's TERNARY layout and the checkpoint formats' "offset" codes, translated four elements (one byte) at
 * a time.
 * <ul>
 * <li>Platform ({@code bitnet.quant.SubByteCodes}): 2-bit codes {@code 0b00 = 0, 0b01 = +1, 0b10 = -1}, four per
 * byte, element 0 in the low bits.</li>
 * <li>Offset codes (Hugging Face packed U8, bitnet.cpp I2_S, llama.cpp TQ2_0): {@code c = t + 1}, so
 * {@code 0 = -1, 1 = 0, 2 = +1}; {@code 3} is not a ternary value and marks a corrupt tensor.</li>
 * </ul>
 */
public final class TernaryCodes {
    /** Platform code of 0. */
    public static final byte ZERO = 0;
    /** Platform code of +1. */
    public static final byte PLUS = 1;
    /** Platform code of -1. */
    public static final byte MINUS = 2;

    static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Platform byte for each byte of four offset codes (code 3 maps to 0; callers check {@link #invalid}). */
    private static final byte[] FROM_OFFSET = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            int out = 0;
            for (int k = 0; k < 4; k++) {
                out |= platformCode((b >>> (2 * k)) & 3) << (2 * k);
            }
            FROM_OFFSET[b] = (byte) out;
        }
    }

    private TernaryCodes() {
    }

    /**
     * @param offsetCode {@code t + 1}, 0..2 (3 reads as 0)
     * @return the platform code of {@code t}
     */
    static int platformCode(int offsetCode) {
        return offsetCode == 0 ? MINUS : offsetCode == 2 ? PLUS : ZERO;
    }

    /**
     * @param offsetCodes a byte of four offset codes, element 0 in the low bits
     * @return the same four elements in the platform layout
     */
    static byte platformByte(int offsetCodes) {
        return FROM_OFFSET[offsetCodes & 0xff];
    }

    /**
     * @param offsetCodes a byte of four offset codes
     * @return non-zero if any of them is the invalid code 3
     */
    static int invalid(int offsetCodes) {
        return offsetCodes & (offsetCodes >>> 1) & 0x55;
    }

    /**
     * Takes the 2-bit field at {@code shift} from each of four consecutive bytes (read as one little-endian int)
     * and packs them into one byte, the first byte's field in the low bits.
     *
     * @param word four bytes, the first in the low bits
     * @param shift 0, 2, 4 or 6
     * @return four 2-bit fields in one byte
     */
    static int gather(int word, int shift) {
        int x = (word >>> shift) & 0x03030303;
        x |= x >>> 6;
        return (x & 0x0f) | ((x >>> 12) & 0xf0);
    }

    private static final long LOW_BITS = 0x5555555555555555L;

    /**
     * Two output bytes from eight source bytes: the 2-bit field at {@code shift} of source bytes 0..3 packed into
     * the low byte (byte 0's field lowest), of bytes 4..7 into the next.
     */
    private static long pair(long word, int shift) {
        long x = (word >>> shift) & 0x0303030303030303L;
        x = (x | (x >>> 6)) & 0x000F000F000F000FL;
        x = (x | (x >>> 12)) & 0x000000FF000000FFL;
        return (x | (x >>> 24)) & 0xFFFFL;
    }

    /**
     * Eight bytes of four 2-bit fields each, from 32 consecutive source bytes read as four little-endian longs:
     * output byte {@code q} packs the field at {@code shift} of source bytes {@code 4q .. 4q+3}.
     */
    static long gather8(long a, long b, long c, long d, int shift) {
        return pair(a, shift) | pair(b, shift) << 16 | pair(c, shift) << 32 | pair(d, shift) << 48;
    }

    /** @return 32 offset codes translated to platform codes, lane by lane (code 3 becomes 0) */
    static long platformLanes(long offsetCodes) {
        long high = offsetCodes >>> 1;
        return ((~(offsetCodes | high) & LOW_BITS) << 1) | (high & ~offsetCodes & LOW_BITS);
    }

    /** @return non-zero if any of 32 offset codes is 3 */
    static long invalidLanes(long offsetCodes) {
        return offsetCodes & (offsetCodes >>> 1) & LOW_BITS;
    }

    /**
     * Writes platform codes to a TERNARY tensor's memory. A row that starts on a byte boundary and fills whole bytes
     * is packed into {@code scratch} and copied in one go; otherwise each code is OR-ed into its byte, which needs
     * {@code dst} zeroed beforehand.
     *
     * @param codes platform codes ({@link #ZERO}, {@link #PLUS}, {@link #MINUS}), {@code n} of them
     * @param n how many
     * @param scratch at least {@code n / 4} bytes
     * @param dst TERNARY memory, zeroed where the unaligned path writes
     * @param first element index of {@code codes[0]} in {@code dst}
     */
    public static void writeRow(byte[] codes, int n, byte[] scratch, MemorySegment dst, long first) {
        if ((first & 3) == 0 && (n & 3) == 0) {
            for (int i = 0, o = 0; i < n; i += 4, o++) {
                scratch[o] = (byte) (codes[i] | codes[i + 1] << 2 | codes[i + 2] << 4 | codes[i + 3] << 6);
            }
            MemorySegment.copy(scratch, 0, dst, ValueLayout.JAVA_BYTE, first >>> 2, n >>> 2);
            return;
        }
        for (int i = 0; i < n; i++) {
            long e = first + i;
            long at = e >>> 2;
            byte old = dst.get(ValueLayout.JAVA_BYTE, at);
            dst.set(ValueLayout.JAVA_BYTE, at, (byte) (old | codes[i] << ((e & 3) << 1)));
        }
    }
}
