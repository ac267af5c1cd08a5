package bitnet.model.ternary;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * llama.cpp's TQ2_0 (ggml type 35, {@code block_tq2_0} in ggml-common.h): blocks of {@value #BLOCK} values in
 * {@value #BLOCK_BYTES} bytes, {@code qs[64]} then an FP16 scale {@code d}. Each half of the block (128 values) is
 * 32 bytes; value {@code 128h + 32l + m} is bits {@code 2l+1:2l} of {@code qs[32h + m]}, an offset code
 * ({@code value = (code - 1) * d}).
 */
public final class Tq2Codes {
    /** Values per block. */
    public static final int BLOCK = 256;
    /** Bytes per block. */
    public static final int BLOCK_BYTES = 66;

    private Tq2Codes() {
    }

    /**
     * @param n values, a multiple of {@value #BLOCK}
     * @return stored bytes
     */
    public static long storedBytes(long n) {
        return n / BLOCK * BLOCK_BYTES;
    }

    /**
     * Unpacks the codes into the platform's TERNARY layout and collects the block scales per row.
     *
     * @param src the stored tensor
     * @param rows rows
     * @param cols values per row, a multiple of {@value #BLOCK}
     * @param dst TERNARY memory for {@code rows * cols} values
     * @return the codes' validity and the scales
     */
    public static BlockScales unpack(MemorySegment src, int rows, int cols, MemorySegment dst) {
        int blocksPerRow = cols / BLOCK;
        float[] rowScales = new float[rows];
        boolean consistent = true;
        int bad = 0;
        long block = 0;
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocksPerRow; b++, block++) {
                long in = block * BLOCK_BYTES;
                long out = block * (BLOCK / 4);
                int nonZero = 0;
                // Output byte o holds values 4o..4o+3: half o/32, field (o%32)/8, source bytes 32h + 4(o%8)..+3.
                for (int o = 0; o < 64; o++) {
                    long from = in + ((o >>> 5) << 5) + ((o & 7) << 2);
                    int codes = TernaryCodes.gather(src.get(TernaryCodes.LE_INT, from), ((o >>> 3) & 3) << 1);
                    bad |= TernaryCodes.invalid(codes);
                    byte platform = TernaryCodes.platformByte(codes);
                    nonZero |= platform;
                    dst.set(ValueLayout.JAVA_BYTE, out + o, platform);
                }
                if (nonZero != 0) {
                    float d = Float.float16ToFloat(src.get(TernaryCodes.LE_SHORT, in + 64));
                    consistent &= BlockScales.merge(rowScales, r, d);
                }
            }
        }
        return new BlockScales(bad == 0, consistent ? rowScales : null);
    }

    /**
     * Dequantizes one row: {@code (code - 1) * d}.
     *
     * @param src the stored tensor
     * @param row row index
     * @param cols values per row, a multiple of {@value #BLOCK}
     * @param into receives {@code cols} values
     */
    static void dequantizeRow(MemorySegment src, long row, int cols, float[] into) {
        long block = row * (cols / BLOCK);
        for (int b = 0; b < cols / BLOCK; b++, block++) {
            long in = block * BLOCK_BYTES;
            float d = Float.float16ToFloat(src.get(TernaryCodes.LE_SHORT, in + 64));
            int base = b * BLOCK;
            for (int half = 0; half < 2; half++) {
                for (int m = 0; m < 32; m++) {
                    int q = src.get(ValueLayout.JAVA_BYTE, in + 32 * half + m);
                    for (int l = 0; l < 4; l++) {
                        into[base + 128 * half + 32 * l + m] = (((q >>> (2 * l)) & 3) - 1) * d;
                    }
                }
            }
        }
    }
}
