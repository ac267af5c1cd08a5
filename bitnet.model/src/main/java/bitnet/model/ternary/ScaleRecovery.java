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
            boolean same = true;
            for (int i = 0; i < cols; i++) {
                float v = row[i];
                float a = Math.abs(v);
                // NaN fails both comparisons below and so never passes as a magnitude.
                if (a == 0f) {
                    codes[i] = TernaryCodes.ZERO;
                    continue;
                }
                if (magnitude == 0f) {
                    magnitude = a;
                }
                same &= a == magnitude;
                codes[i] = v > 0 ? TernaryCodes.PLUS : TernaryCodes.MINUS;
            }
            if (!same || Float.isNaN(magnitude) || Float.isInfinite(magnitude)) {
                return null;
            }
            magnitudes[r] = magnitude;
            TernaryCodes.writeRow(codes, cols, scratch, dst, (long) r * cols);
        }
        return magnitudes;
    }
}
