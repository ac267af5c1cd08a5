package bitnet.model.ternary;

/**
 * What a block-format decoder learned about a tensor: whether every code was a ternary code, and the scale of each
 * row, if the blocks of every row that hold a non-zero value agree on it.
 *
 * @param codesValid false if some code was not one of the format's ternary codes
 * @param rowScales one per row (0 where a row is all zero), or null if blocks within a row have different scales
 *     (or one is not a positive finite number): then the values are not ternary × one scale per row
 */
public record BlockScales(boolean codesValid, float[] rowScales) {

    /**
     * @param rowScales per-row scales, 0 for rows without a non-zero value
     * @return {@code [s]} if every row with a non-zero value has the same scale {@code s} ({@code [0]} if none
     *     has), else {@code rowScales} itself
     */
    public static float[] collapse(float[] rowScales) {
        float common = 0f;
        for (float s : rowScales) {
            if (s == 0f) {
                continue;
            }
            if (common == 0f) {
                common = s;
            } else if (s != common) {
                return rowScales;
            }
        }
        return new float[] {common};
    }

    /**
     * Records block {@code scale} into row {@code row}'s entry.
     *
     * @return false if the row already has a different scale or {@code scale} is not a positive finite number
     */
    static boolean merge(float[] rowScales, int row, float scale) {
        if (!(scale > 0f) || scale == Float.POSITIVE_INFINITY) {
            return false;
        }
        if (rowScales[row] == 0f) {
            rowScales[row] = scale;
            return true;
        }
        return rowScales[row] == scale;
    }
}
