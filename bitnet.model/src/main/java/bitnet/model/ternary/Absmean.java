package bitnet.model.ternary;

import java.lang.foreign.MemorySegment;

/**
 * BitNet b1.58 weight quantization as Hugging Face's BitNet layers apply it to latent weights: one scale per tensor,
 * <pre>
 *   scale = max(mean(|W|), 1e-5)            (the mean summed in double, then rounded to float)
 *   T     = clamp(rint(W / scale), -1, 1)   (rint: round half to even, like torch.round)
 * </pre>
 * so that {@code W ≈ T × scale}. Two passes: the mean, then the codes. (bitnet.quant's {@code TernaryQuantizer}
 * divides by {@code mean + 1e-5} instead, which moves rounding boundaries, so it is not used here.)
 */
public final class Absmean {
    /** The floor of the scale. */
    public static final float MIN_SCALE = 1e-5f;

    private Absmean() {
    }

    /**
     * @param src the latent weights
     * @param rows rows
     * @param cols values per row
     * @param dst TERNARY memory for {@code rows * cols} values, zeroed
     * @return the scale, or NaN if some weight is not finite ({@code dst} is then untouched)
     */
    public static float quantize(RowSource src, int rows, int cols, MemorySegment dst) {
        float[] row = new float[cols];
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            src.read(r, row);
            for (int i = 0; i < cols; i++) {
                sum += Math.abs(row[i]);
            }
        }
        if (!Double.isFinite(sum)) {
            return Float.NaN;
        }
        double count = (double) rows * cols;
        float scale = Math.max(count == 0 ? 0f : (float) (sum / count), MIN_SCALE);
        byte[] codes = new byte[cols];
        byte[] scratch = new byte[cols / 4 + 1];
        for (int r = 0; r < rows; r++) {
            src.read(r, row);
            for (int i = 0; i < cols; i++) {
                float t = (float) Math.rint(row[i] / scale);
                codes[i] = t >= 1f ? TernaryCodes.PLUS : t <= -1f ? TernaryCodes.MINUS : TernaryCodes.ZERO;
            }
            TernaryCodes.writeRow(codes, cols, scratch, dst, (long) r * cols);
        }
        return scale;
    }
}
