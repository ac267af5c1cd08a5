package bitnet.model.ternary;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * bitnet.cpp's I2_S (ggml type 36), x86 layout: the row-major flattened matrix in chunks of {@value #CHUNK} values,
 * each chunk in 32 bytes where byte {@code j} holds values {@code j, j+32, j+64, j+96} at bit shifts 6, 4, 2, 0 as
 * offset codes ({@code 0 = -1, 1 = 0, 2 = +1}); after the {@code n/4} code bytes a 32-byte tail whose first four
 * bytes are one little-endian float32, the multiplicative scale of the whole tensor.
 */
public final class I2sCodes {
    /** Values per chunk. */
    public static final int CHUNK = 128;
    /** Bytes after the codes. */
    public static final int TAIL = 32;

    private I2sCodes() {
    }

    /**
     * @param n values, a multiple of 4
     * @return stored bytes: {@code n/4} code bytes and the tail
     */
    public static long storedBytes(long n) {
        return n / 4 + TAIL;
    }

    /**
     * @param src the stored tensor
     * @param n values
     * @return the scale in the tail
     */
    public static float scale(MemorySegment src, long n) {
        return src.get(TernaryCodes.LE_FLOAT, n / 4);
    }

    /**
     * Unpacks the codes into the platform's TERNARY layout (same flattened order).
     *
     * @param src the stored tensor, at least {@code n/4} bytes
     * @param n values, a multiple of {@value #CHUNK}
     * @param dst TERNARY memory for {@code n} values
     * @return false if some code was 3 (not ternary)
     * @throws IllegalArgumentException if {@code n} is not a multiple of {@value #CHUNK}
     */
    public static boolean unpack(MemorySegment src, long n, MemorySegment dst) {
        if (n % CHUNK != 0) {
            throw new IllegalArgumentException("I2_S holds whole chunks of " + CHUNK + " values, not " + n);
        }
        int bad = 0;
        long bytes = n / 4;
        // Output byte o of a chunk holds values 4o..4o+3: all in group o/8 (one shift), from source bytes 4(o%8)..+3.
        for (long chunk = 0; chunk < bytes; chunk += 32) {
            for (int o = 0; o < 32; o++) {
                int codes = TernaryCodes.gather(src.get(TernaryCodes.LE_INT, chunk + ((o & 7) << 2)), 6 - 2 * (o >>> 3));
                bad |= TernaryCodes.invalid(codes);
                dst.set(ValueLayout.JAVA_BYTE, chunk + o, TernaryCodes.platformByte(codes));
            }
        }
        return bad == 0;
    }
}
