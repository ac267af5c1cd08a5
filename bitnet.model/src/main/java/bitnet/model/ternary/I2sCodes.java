package bitnet.model.ternary;

import java.lang.foreign.MemorySegment;

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
        long bad = 0;
        long bytes = n / 4;
        // A chunk's output byte 8g + q holds values 32g + 4q .. +3: field g (shift 6 - 2g) of source bytes 4q .. 4q+3.
        for (long chunk = 0; chunk < bytes; chunk += 32) {
            long a = src.get(TernaryCodes.LE_LONG, chunk);
            long b = src.get(TernaryCodes.LE_LONG, chunk + 8);
            long c = src.get(TernaryCodes.LE_LONG, chunk + 16);
            long d = src.get(TernaryCodes.LE_LONG, chunk + 24);
            for (int g = 0; g < 4; g++) {
                long codes = TernaryCodes.gather8(a, b, c, d, 6 - 2 * g);
                bad |= TernaryCodes.invalidLanes(codes);
                dst.set(TernaryCodes.LE_LONG, chunk + 8 * g, TernaryCodes.platformLanes(codes));
            }
        }
        return bad == 0;
    }
}
