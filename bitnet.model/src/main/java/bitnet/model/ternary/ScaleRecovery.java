package bitnet.model.ternary;

import java.lang.foreign.MemorySegment;

/**
 * Recovers {@code T} and its scale from stored values that are {@code T × s} ({@code T} in {-1, 0, +1}): every
 * non-zero magnitude within a row must be the same number, compared as stored (decoding F32, F16, BF16 and
 * {@code q * d} to float is exact, so equal floats are equal stored values). One pass over the tensor.
 */
public final class ScaleRecovery {
    private ScaleRecovery() {
    }

    /**
     * Writes the signs as TERNARY codes and returns each row's magnitude.
     *
     * @param src the stored values
     * @param rows rows
     * @param cols values per row
     * @param dst TERNARY memory for {@code rows * cols} values, zeroed
     * @return per-row magnitudes (0 for all-zero rows; see {@link BlockScales#collapse}), or null if a row holds
     *     two different non-zero magnitudes or a value that is not finite: the values are not ternary × one
     *     scale per row, and {@code dst} is partly written
     */
    public static float[] recover(RowSource src, int rows, int cols, MemorySegment dst) {
        float[] row = new float[cols];
        byte[] codes = new byte[cols];
        byte[] scratch = new byte[cols / 4 + 1];
        float[] magnitudes = new float[rows];
        for (int r = 0; r < rows; r++) {
            src.read(r, row);
            float magnitude = 0f;
            for (int i = 0; i < cols && magnitude == 0f; i++) {
                magnitude = Math.abs(row[i]);
            }
            if (Float.isNaN(magnitude) || Float.isInfinite(magnitude)) {
                return null;
            }
            // Branch-free: signs of real weights are unpredictable. NaN fails both comparisons.
            boolean same = true;
            for (int i = 0; i < cols; i++) {
                float v = row[i];
                float a = Math.abs(v);
                same &= a == 0f | a == magnitude;
                codes[i] = (byte) ((v > 0f ? TernaryCodes.PLUS : 0) | (v < 0f ? TernaryCodes.MINUS : 0));
            }
            if (!same) {
                return null;
            }
            magnitudes[r] = magnitude;
            TernaryCodes.writeRow(codes, cols, scratch, dst, (long) r * cols);
        }
        return magnitudes;
    }
}
