package bitnet.model.ternary;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * llama.cpp's TQ1_0 (ggml type 34, {@code block_tq1_0} in ggml-common.h): blocks of {@value #BLOCK} values in
 * {@value #BLOCK_BYTES} bytes: {@code qs[48]} (five base-3 digits per byte), {@code qh[4]} (four per byte), then an
 * FP16 scale {@code d}. A byte {@code s} stores digits as a fixed-point fraction: digit {@code n} (0 = most
 * significant) is {@code ((s * 3^n mod 256) * 3) >> 8}, an offset code ({@code value = (digit - 1) * d}). Value
 * order within a block (dequantize_row_tq1_0): {@code qs[m]}, m &lt; 32, digit n &rarr; value {@code 32n + m};
 * {@code qs[32 + m]}, m &lt; 16 &rarr; {@code 160 + 16n + m}; {@code qh[j]}, digits 0..3 &rarr; {@code 240 + 4n + j}.
 */
public final class Tq1Codes {
    /** Values per block. */
    public static final int BLOCK = 256;
    /** Bytes per block. */
    public static final int BLOCK_BYTES = 54;

    /** {@code DIGITS[n * 256 + s]}: offset code of digit {@code n} of byte {@code s}. */
    private static final byte[] DIGITS = new byte[5 * 256];
    /** {@code PLATFORM[n * 256 + s]}: the same digit as a platform TERNARY code. */
    private static final int[] PLATFORM = new int[5 * 256];

    static {
        int pow3 = 1;
        for (int n = 0; n < 5; n++, pow3 *= 3) {
            for (int s = 0; s < 256; s++) {
                DIGITS[n * 256 + s] = (byte) ((((s * pow3) & 0xff) * 3) >>> 8);
                PLATFORM[n * 256 + s] = TernaryCodes.platformCode(DIGITS[n * 256 + s]);
            }
        }
    }

    private Tq1Codes() {
    }

    /**
     * @param n values, a multiple of {@value #BLOCK}
     * @return stored bytes
     */
    public static long storedBytes(long n) {
        return n / BLOCK * BLOCK_BYTES;
    }

    /**
     * Unpacks the digits into the platform's TERNARY layout and collects the block scales per row. Every digit is
     * 0..2 by construction, so the codes are always valid.
     *
     * @param src the stored tensor
     * @param rows rows
     * @param cols values per row, a multiple of {@value #BLOCK}
     * @param dst TERNARY memory for {@code rows * cols} values
     * @return the scales
     */
    public static BlockScales unpack(MemorySegment src, int rows, int cols, MemorySegment dst) {
        int blocksPerRow = cols / BLOCK;
        float[] rowScales = new float[rows];
        boolean consistent = true;
        byte[] in = new byte[BLOCK_BYTES];
        byte[] out = new byte[BLOCK / 4];
        long block = 0;
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocksPerRow; b++, block++) {
                MemorySegment.copy(src, ValueLayout.JAVA_BYTE, block * BLOCK_BYTES, in, 0, BLOCK_BYTES);
                // Four values that share an output byte come from four consecutive bytes' same digit.
                for (int n = 0; n < 5; n++) {
                    for (int m = 0; m < 32; m += 4) {
                        out[8 * n + m / 4] = pack(in, m, n);
                    }
                    for (int m = 0; m < 16; m += 4) {
                        out[40 + 4 * n + m / 4] = pack(in, 32 + m, n);
                    }
                }
                for (int n = 0; n < 4; n++) {
                    out[60 + n] = pack(in, 48, n);
                }
                int nonZero = 0;
                for (byte x : out) {
                    nonZero |= x;
                }
                MemorySegment.copy(out, 0, dst, ValueLayout.JAVA_BYTE, block * (BLOCK / 4), BLOCK / 4);
                if (nonZero != 0) {
                    float d = Float.float16ToFloat(src.get(TernaryCodes.LE_SHORT, block * BLOCK_BYTES + 52));
                    consistent &= BlockScales.merge(rowScales, r, d);
                }
            }
        }
        return new BlockScales(true, consistent ? rowScales : null);
    }

    /** @return the platform codes of digit {@code n} of bytes {@code at .. at+3}, packed into one byte */
    private static byte pack(byte[] in, int at, int n) {
        int t = n * 256;
        return (byte) (PLATFORM[t + (in[at] & 0xff)] | PLATFORM[t + (in[at + 1] & 0xff)] << 2
                | PLATFORM[t + (in[at + 2] & 0xff)] << 4 | PLATFORM[t + (in[at + 3] & 0xff)] << 6);
    }

    /** Fills {@code digits} (offset codes, value order) from the block at byte {@code in}. */
    static void digitsOf(MemorySegment src, long in, byte[] digits) {
        for (int m = 0; m < 32; m++) {
            int s = src.get(ValueLayout.JAVA_BYTE, in + m) & 0xff;
            for (int n = 0; n < 5; n++) {
                digits[32 * n + m] = DIGITS[n * 256 + s];
            }
        }
        for (int m = 0; m < 16; m++) {
            int s = src.get(ValueLayout.JAVA_BYTE, in + 32 + m) & 0xff;
            for (int n = 0; n < 5; n++) {
                digits[160 + 16 * n + m] = DIGITS[n * 256 + s];
            }
        }
        for (int j = 0; j < 4; j++) {
            int s = src.get(ValueLayout.JAVA_BYTE, in + 48 + j) & 0xff;
            for (int n = 0; n < 4; n++) {
                digits[240 + 4 * n + j] = DIGITS[n * 256 + s];
            }
        }
    }

    /**
     * Dequantizes one row: {@code (digit - 1) * d}.
     *
     * @param src the stored tensor
     * @param row row index
     * @param cols values per row, a multiple of {@value #BLOCK}
     * @param digits scratch of {@value #BLOCK} bytes
     * @param into receives {@code cols} values
     */
    static void dequantizeRow(MemorySegment src, long row, int cols, byte[] digits, float[] into) {
        long block = row * (cols / BLOCK);
        for (int b = 0; b < cols / BLOCK; b++, block++) {
            long in = block * BLOCK_BYTES;
            digitsOf(src, in, digits);
            float d = Float.float16ToFloat(src.get(TernaryCodes.LE_SHORT, in + 52));
            for (int i = 0; i < BLOCK; i++) {
                into[b * BLOCK + i] = (digits[i] - 1) * d;
            }
        }
    }
}
