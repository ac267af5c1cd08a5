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
        long bad = 0;
        long block = 0;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < blocksPerRow; k++, block++) {
                long in = block * BLOCK_BYTES;
                long out = block * (BLOCK / 4);
                long nonZero = 0;
                // Output byte 32h + 8l + q holds values 128h + 32l + 4q .. +3: field l of source bytes 32h + 4q ..
                for (int half = 0; half < 2; half++) {
                    long from = in + 32 * half;
                    long a = src.get(TernaryCodes.LE_LONG, from);
                    long b = src.get(TernaryCodes.LE_LONG, from + 8);
                    long c = src.get(TernaryCodes.LE_LONG, from + 16);
                    long d = src.get(TernaryCodes.LE_LONG, from + 24);
                    for (int l = 0; l < 4; l++) {
                        long codes = TernaryCodes.gather8(a, b, c, d, 2 * l);
                        bad |= TernaryCodes.invalidLanes(codes);
                        long platform = TernaryCodes.platformLanes(codes);
                        nonZero |= platform;
                        dst.set(TernaryCodes.LE_LONG, out + 32 * half + 8 * l, platform);
                    }
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
