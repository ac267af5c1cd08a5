package bitnet.model.ternary;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads a stored {@code [rows, cols]} matrix one row at a time as floats. One call per row keeps the per-element
 * loops free of virtual calls. Instances keep scratch buffers: one thread at a time.
 */
public interface RowSource {

    /**
     * @param row row index
     * @param into receives the row's {@code cols} values
     */
    void read(long row, float[] into);

    /**
     * @param src little-endian float32 values
     * @param cols values per row
     * @return a row source
     */
    static RowSource f32(MemorySegment src, int cols) {
        return (row, into) -> MemorySegment.copy(src, TernaryCodes.LE_FLOAT, row * cols * 4, into, 0, cols);
    }

    /**
     * @param src little-endian IEEE binary16 values
     * @param cols values per row
     * @return a row source
     */
    static RowSource f16(MemorySegment src, int cols) {
        short[] bits = new short[cols];
        return (row, into) -> {
            MemorySegment.copy(src, TernaryCodes.LE_SHORT, row * cols * 2, bits, 0, cols);
            for (int i = 0; i < cols; i++) {
                into[i] = Float.float16ToFloat(bits[i]);
            }
        };
    }

    /**
     * @param src little-endian bfloat16 values
     * @param cols values per row
     * @return a row source
     */
    static RowSource bf16(MemorySegment src, int cols) {
        short[] bits = new short[cols];
        return (row, into) -> {
            MemorySegment.copy(src, TernaryCodes.LE_SHORT, row * cols * 2, bits, 0, cols);
            for (int i = 0; i < cols; i++) {
                into[i] = Float.intBitsToFloat(bits[i] << 16);
            }
        };
    }

    /**
     * ggml's Q8_0: blocks of 32 values in 34 bytes, an FP16 scale {@code d} then 32 signed bytes {@code q};
     * value = {@code q * d}.
     *
     * @param src the stored blocks
     * @param cols values per row, a multiple of 32
     * @return a row source
     */
    static RowSource q8_0(MemorySegment src, int cols) {
        return (row, into) -> {
            long block = row * (cols / 32);
            for (int b = 0; b < cols / 32; b++, block++) {
                long in = block * 34;
                float d = Float.float16ToFloat(src.get(TernaryCodes.LE_SHORT, in));
                for (int i = 0; i < 32; i++) {
                    into[b * 32 + i] = src.get(ValueLayout.JAVA_BYTE, in + 2 + i) * d;
                }
            }
        };
    }

    /**
     * @param src TQ1_0 blocks
     * @param cols values per row, a multiple of 256
     * @return a row source of the dequantized values
     */
    static RowSource tq1_0(MemorySegment src, int cols) {
        byte[] digits = new byte[Tq1Codes.BLOCK];
        return (row, into) -> Tq1Codes.dequantizeRow(src, row, cols, digits, into);
    }

    /**
     * @param src TQ2_0 blocks
     * @param cols values per row, a multiple of 256
     * @return a row source of the dequantized values
     */
    static RowSource tq2_0(MemorySegment src, int cols) {
        return (row, into) -> Tq2Codes.dequantizeRow(src, row, cols, into);
    }
}
